import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseByteSize } from './config.js';

describe('configuration', () => {
  it('starts with documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      SYNC_TIMEOUT_MS: 60_000,
      ISOLATE_MEMORY_MB: 64,
      BODY_LIMIT: 1024 * 1024,
      MULTIPART_LIMIT: 10 * 1024 * 1024,
      RESULT_LIMIT: 5 * 1024 * 1024,
      PROCESS_RETENTION_DAYS: 30,
      TRUST_PROXY: false,
      LOG_LEVEL: 'info',
    });
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config.DATA_DIR).toMatch(/\/data$/);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ PORT: 'eighty', BODY_LIMIT: 'huge', MONGODB_URI: 'postgres://x' })).toThrowError(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', BODY_LIMIT: 'huge', MONGODB_URI: 'postgres://x' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('BODY_LIMIT');
      expect(message).toContain('MONGODB_URI');
    }
  });

  it('parses sizes, trust-proxy forms and treats empty values as unset', () => {
    expect(parseByteSize('512kb')).toBe(512 * 1024);
    expect(parseByteSize('2 MB')).toBe(2 * 1024 * 1024);
    expect(parseByteSize('100')).toBe(100);
    expect(parseByteSize('lots')).toBeNull();
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('chooses the SQLite driver automatically unless SQLITE_DRIVER names node or better', () => {
    expect(loadConfig({}).SQLITE_DRIVER).toBe('auto');
    expect(loadConfig({ SQLITE_DRIVER: 'node' }).SQLITE_DRIVER).toBe('node');
    expect(loadConfig({ SQLITE_DRIVER: 'better' }).SQLITE_DRIVER).toBe('better');
    expect(() => loadConfig({ SQLITE_DRIVER: 'sqlite3' })).toThrowError(/SQLITE_DRIVER/);
  });

  it('refuses a short admin password', () => {
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrowError(/ADMIN_PASSWORD/);
  });
});
