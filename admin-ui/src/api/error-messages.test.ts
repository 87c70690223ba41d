import { ERROR_CODES } from '@contract';
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ru } from '../i18n/ru';
import { errorFromResponse } from './client';
import { CLIENT_ERROR_CODES } from './error-messages';

afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('messages for error codes', () => {
  it('exist in English and Russian for every code the server or the client can give', () => {
    const codes = [...Object.keys(ERROR_CODES), ...CLIENT_ERROR_CODES];
    const enCodes = en.apiErrors.codes as Record<string, string>;
    const ruCodes = (ru.apiErrors as { codes: Record<string, string> }).codes;
    expect(codes.filter((code) => !enCodes[code]?.trim())).toEqual([]);
    expect(codes.filter((code) => !ruCodes[code]?.trim())).toEqual([]);
    // Russian is Russian, not English left in place.
    expect(codes.filter((code) => ruCodes[code] === enCodes[code])).toEqual([]);
  });
});

describe('a server error shown to the user', () => {
  const validation = () =>
    errorFromResponse(400, {
      error: {
        code: 'validation_failed',
        message: 'Invalid input — newPassword: at least 8 characters; email: already used',
        fields: { newPassword: 'at least 8 characters', email: 'already used' },
      },
    });

  it('keeps the server’s own words in English', () => {
    expect(validation().message).toBe('Invalid input — newPassword: at least 8 characters; email: already used');
  });

  it('is in Russian in the Russian UI, naming each field and what is wrong with it', async () => {
    await i18next.changeLanguage('ru');
    const error = validation();
    expect(error.message).toBe(
      'Некоторые значения заданы неверно. Новый пароль: Не короче 8 символов. Email: Уже используется.',
    );
    expect(error.fields).toEqual({ newPassword: 'Не короче 8 символов.', email: 'Уже используется.' });
    expect(error.serverFields).toEqual({ newPassword: 'at least 8 characters', email: 'already used' });
  });

  it('follows a language switch made after the error arrived', async () => {
    const error = errorFromResponse(409, { error: { code: 'slug_taken', message: 'Slug "a" is taken' } });
    expect(error.message).toBe('Slug "a" is taken');
    await i18next.changeLanguage('ru');
    expect(error.message).toBe('Этот slug уже занят другим эндпоинтом.');
  });

  it('shows field messages it does not know as the server sent them', async () => {
    await i18next.changeLanguage('ru');
    const error = errorFromResponse(400, {
      error: { code: 'validation_failed', message: 'x', fields: { 'access.jwks': 'no keys in the set' } },
    });
    expect(error.message).toBe('Некоторые значения заданы неверно. access.jwks: no keys in the set');
  });

  it('names the role that is needed and the user’s own, in both languages', async () => {
    const denial = () =>
      errorFromResponse(403, {
        error: {
          code: 'forbidden',
          message: 'This needs the admin role (you are an editor)',
          details: { requiredRole: 'admin', role: 'editor' },
        },
      });
    expect(denial().message).toBe('This needs the Admin role (you are Editor). Ask an admin if you need it.');
    await i18next.changeLanguage('ru');
    expect(denial().message).toBe(
      'Для этого нужна роль «Администратор» (ваша роль — «Редактор»). Если она нужна, обратитесь к администратору.',
    );
  });

  it('uses the code’s message when the answer had no error body', async () => {
    expect(errorFromResponse(502, undefined).message).toBe('The server is not answering. Try again in a moment.');
    await i18next.changeLanguage('ru');
    expect(errorFromResponse(503, undefined).message).toBe('Сервер не отвечает. Повторите через минуту.');
  });
});
