import type { ProcessRecord } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { CopyButton } from '../../../../components/CopyButton';
import { ConfirmDialog } from '../../../../components/Dialog';
import { IconCode, IconRefresh, IconStop } from '../../../../components/icons';
import { useToast } from '../../../../components/Toasts';
import { usePermission } from '../../../../lib/session';
import { useCancel, useRerun } from '../../api/hooks';

export function ProcessActions({ record }: { record: ProcessRecord }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const canRerun = usePermission('process.rerun');
  const canCancel = usePermission('process.cancel');
  const canTest = usePermission('scenario.testRun');
  const rerun = useRerun();
  const cancel = useCancel(record.id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancellable = record.mode === 'async' && (record.status === 'queued' || record.status === 'running');

  function startRerun() {
    rerun.mutate(record.id, {
      onSuccess: ({ processId }) => {
        toast('success', t('process.rerunStarted'));
        navigate(`/processes/${processId}`);
      },
      onError: () => toast('error', t('process.rerunFailed')),
    });
  }

  return (
    <>
      <CopyButton text={record.id} label={t('process.copyId')} />
      {canTest ? (
        <Link className="btn" to={`/endpoints/${record.endpointId}?fromProcess=${encodeURIComponent(record.id)}`}>
          <IconCode /> {t('process.openInTestRun')}
        </Link>
      ) : null}
      {canCancel && cancellable ? (
        <button type="button" className="btn btn--danger-outline" onClick={() => setConfirmCancel(true)}>
          <IconStop /> {t('process.cancel')}
        </button>
      ) : null}
      {canRerun ? (
        <button type="button" className="btn btn--primary" onClick={startRerun} disabled={rerun.isPending}>
          <IconRefresh /> {rerun.isPending ? t('common.working') : t('process.rerun')}
        </button>
      ) : null}
      {confirmCancel ? (
        <ConfirmDialog
          danger
          title={t('process.cancelTitle')}
          message={t('process.cancelMessage')}
          confirmLabel={t('process.cancel')}
          onConfirm={() => cancel.mutateAsync()}
          onClose={() => setConfirmCancel(false)}
        />
      ) : null}
    </>
  );
}
