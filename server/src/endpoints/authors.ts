import type { ScenarioAuthor } from '../contract/index.js';
import type { Store } from '../store/types.js';

/**
 * Who wrote a version or saved a draft, looked up once per user within one answer (a list of
 * many versions has few authors). Users are never deleted, only disabled, so a miss means an
 * id from an imported backup whose user was not imported: shown as null.
 */
export function createAuthorLookup(store: Pick<Store, 'getUser'>) {
  const seen = new Map<string, Promise<ScenarioAuthor | null>>();
  return (userId: string | null): Promise<ScenarioAuthor | null> => {
    if (!userId) return Promise.resolve(null);
    let author = seen.get(userId);
    if (!author) {
      author = store
        .getUser(userId)
        .then((user) => (user ? { id: user.id, email: user.email, name: user.name } : null));
      seen.set(userId, author);
    }
    return author;
  };
}
