import type { ProcessRecord } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { CopyButton } from '../../../../components/CopyButton';
import { ConfirmDialog } from '../../../../components/Dialog';
import { GatedButton } from '../../../../components/guards';
import { IconCode, IconRefresh, IconStop } from '../../../../components/icons';
import { useToast } from '../../../../components/Toasts';
import { usePermission } from '../../../../lib/session';
import { useCancel, useRerun } from '../../api/hooks';

export function ProcessActions({ record }: { record: ProcessRecord }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const canTest = usePermission('scenario.testRun');
  const rerun = useRerun();
  const cancel = useCancel(record.id);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [confirmRerun, setConfirmRerun] = useState(false);
  const cancellable = record.mode === 'async' && (record.status === 'queued' || record.status === 'running');

  /** Resolves once the new run exists; the dialog shows a refusal itself and stays open. */
  async function startRerun() {
    const { processId } = await rerun.mutateAsync(record.id);
    toast('success', t('process.rerunStarted'));
    navigate(`/processes/${processId}`);
  }

  return (
    <>
      <CopyButton text={record.id} label={t('process.copyId')} />
      {canTest ? (
        <Link className="btn" to={`/endpoints/${record.endpointId}?fromProcess=${encodeURIComponent(record.id)}`}>
          <IconCode /> {t('process.openInTestRun')}
        </Link>
      ) : null}
      {cancellable ? (
        <GatedButton
          permission="process.cancel"
          className="btn btn--danger-outline"
          onClick={() => setConfirmCancel(true)}
        >
          <IconStop /> {t('process.cancel')}
        </GatedButton>
      ) : null}
      <GatedButton
        permission="process.rerun"
        className="btn btn--primary"
        onClick={() => setConfirmRerun(true)}
        disabled={rerun.isPending}
      >
        <IconRefresh /> {rerun.isPending ? t('common.working') : t('process.rerun')}
      </GatedButton>
      {confirmCancel ? (
        <ConfirmDialog
          danger
          title={t('process.cancelTitle')}
          message={t('process.cancelMessage')}
          confirmLabel={t('safeActions.cancelConfirm')}
          cancelLabel={t('safeActions.cancelKeep')}
          onConfirm={() => cancel.mutateAsync()}
          onClose={() => setConfirmCancel(false)}
        />
      ) : null}
      {confirmRerun ? (
        <ConfirmDialog
          title={t('safeActions.rerunTitle')}
          message={t('safeActions.rerunMessage')}
          confirmLabel={t('safeActions.rerunConfirm')}
          onConfirm={startRerun}
          onClose={() => setConfirmRerun(false)}
        />
      ) : null}
    </>
  );
}
