import { cleanup } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, vi } from 'vitest';
import '../i18n';

// Monaco cannot run in jsdom: every screen with a request schema editor gets a textarea instead.
vi.mock('../components/request-schema/SchemaJsonEditor', () => import('./schema-editor-stub'));

beforeAll(async () => {
  await i18next.changeLanguage('en');
});

afterEach(() => {
  cleanup();
  localStorage.clear();
});
