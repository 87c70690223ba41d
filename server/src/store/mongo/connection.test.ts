import { describe, expect, it } from 'vitest';
import { isDuplicateKey, isUnavailableError, mapMongoError, redactUri } from './connection.js';

describe('MongoDB connection helpers', () => {
  it('hides the password of a connection string and keeps the rest', () => {
    expect(redactUri('mongodb://app:p%40ss@db1:27017,db2:27017/scriptgate?replicaSet=rs0')).toBe(
      'mongodb://app:***@db1:27017,db2:27017/scriptgate?replicaSet=rs0',
    );
    expect(redactUri('mongodb+srv://app:secret@cluster.example.net/x')).toBe(
      'mongodb+srv://app:***@cluster.example.net/x',
    );
    expect(redactUri('mongodb://localhost:27017/scriptgate')).toBe('mongodb://localhost:27017/scriptgate');
    expect(redactUri('mongodb://user-only@localhost/x')).toBe('mongodb://user-only@localhost/x');
  });

  it('reports network, selection and shutdown failures as store_unavailable', () => {
    for (const name of [
      'MongoServerSelectionError',
      'MongoNetworkError',
      'MongoNotConnectedError',
      'MongoTopologyClosedError',
    ]) {
      const err = Object.assign(new Error('down'), { name });
      expect(isUnavailableError(err)).toBe(true);
      expect(mapMongoError(err)).toMatchObject({ code: 'store_unavailable', status: 503 });
    }
    expect(
      mapMongoError(Object.assign(new Error('stepping down'), { name: 'MongoServerError', code: 189 })),
    ).toMatchObject({
      code: 'store_unavailable',
    });
  });

  it('passes other errors through unchanged', () => {
    const duplicate = Object.assign(new Error('E11000 duplicate key'), {
      name: 'MongoServerError',
      code: 11000,
      keyPattern: { slug: 1 },
    });
    expect(mapMongoError(duplicate)).toBe(duplicate);
    expect(isDuplicateKey(duplicate, 'slug')).toBe(true);
    expect(isDuplicateKey(duplicate, 'emailLower')).toBe(false);
    const bug = new TypeError('x is not a function');
    expect(mapMongoError(bug)).toBe(bug);
  });
});
