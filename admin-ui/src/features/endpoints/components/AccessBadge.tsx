import type { Endpoint } from '@contract';
import { useTranslation } from 'react-i18next';
import { IconLock } from '../../../components/icons';

/**
 * A lock and the access type for a protected endpoint (nothing for a public one); the title adds
 * the IP allowlist and rate limit, which apply whatever the type.
 */
export function AccessBadge({ endpoint }: { endpoint: Pick<Endpoint, 'access' | 'ipAllowlist' | 'rateLimit'> }) {
  const { t } = useTranslation();
  const { access, ipAllowlist = [], rateLimit = null } = endpoint;
  const extras = [
    ipAllowlist.length > 0 ? t('endpoints.access.ipAllowlist', { count: ipAllowlist.length }) : null,
    rateLimit
      ? t('endpoints.access.rateLimit', { requests: rateLimit.requests, seconds: rateLimit.windowSeconds })
      : null,
  ].filter(Boolean);
  if (access.type === 'public' && extras.length === 0) return null;
  const label = t(`access.types.${access.type}`);
  const title = [t('endpoints.access.title', { type: label }), ...extras].join(' · ');
  return (
    <span className="badge badge--info badge--access" title={title} data-testid="access-badge">
      <IconLock />
      <span className="visually-hidden">{t('endpoints.access.protectedBy')} </span>
      {label}
    </span>
  );
}
