import { screen } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../../test/render';
import { RunFacts } from './RunFacts';

describe('attempt and idempotency key on the process page', () => {
  afterEach(async () => {
    await i18next.changeLanguage('en');
  });

  it('says a first run is attempt 1 and shows no key when the caller sent none', () => {
    renderWithProviders(<RunFacts record={{ attempt: 1, idempotencyKey: null }} />);
    const facts = screen.getByTestId('run-facts');
    expect(facts.textContent).toBe('attempt 1');
    expect(screen.queryByTestId('attempt-badge')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Copy idempotency key' })).toBeNull();
  });

  it('flags a retried run and says why it ran again', () => {
    renderWithProviders(<RunFacts record={{ attempt: 2, idempotencyKey: null }} />);
    expect(screen.getByTestId('attempt-badge').textContent).toBe('attempt 2');
    expect(screen.getByText(/an earlier attempt was cut off by a server crash or a lost lease/)).toBeTruthy();
  });

  it('shows the whole key as text, with a copy button', () => {
    const key = '<img/src=x/onerror=alert(1)>' + 'k'.repeat(200);
    renderWithProviders(<RunFacts record={{ attempt: 1, idempotencyKey: key }} />);
    const code = screen.getByText(key);
    expect(code.tagName).toBe('CODE');
    expect(code.querySelector('img')).toBeNull();
    expect(screen.getByRole('button', { name: 'Copy idempotency key' })).toBeTruthy();
  });

  it('speaks Russian', async () => {
    await i18next.changeLanguage('ru');
    renderWithProviders(<RunFacts record={{ attempt: 2, idempotencyKey: 'order-42' }} />);
    expect(screen.getByTestId('attempt-badge').textContent).toBe('попытка 2');
    expect(screen.getByTestId('run-facts').textContent).toContain('Ключ идемпотентности: order-42');
  });
});
