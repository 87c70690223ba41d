import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpointsApi } from '../../../api/endpoints';
import { CodeBlock } from '../../../components/data-display';
import { Dialog } from '../../../components/Dialog';
import { InlineError, LoadingState } from '../../../components/states';
import { queryKeys } from '../../../lib/query-keys';

/** The OpenAPI document of one endpoint, as last saved: what /docs shows once it is listed. */
export function OpenApiPreview({
  endpointId,
  slug,
  onClose,
}: {
  endpointId: string;
  slug: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const document = useQuery({
    queryKey: queryKeys.endpointOpenapi(endpointId),
    queryFn: ({ signal }) => endpointsApi.openapi(endpointId, signal),
    staleTime: 0,
  });
  return (
    <Dialog title={t('requestSchema.previewTitle', { slug })} onClose={onClose} size="large">
      <p className="muted">{t('requestSchema.previewHint')}</p>
      {document.isPending ? <LoadingState /> : null}
      <InlineError error={document.error} />
      {document.data ? <CodeBlock text={JSON.stringify(document.data, null, 2)} maxHeight={480} /> : null}
    </Dialog>
  );
}
