// The banner shown while a part of the stack is restarting (src/data/stack-recovery.ts): the app
// keeps trying on its own and the banner goes once a request succeeds.
import { Alert } from 'antd';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { recoveringState, subscribeRecovering } from '../../data/stack-recovery';

export function RecoveryBanner() {
  const { t } = useTranslation();
  const recovering = useSyncExternalStore(subscribeRecovering, recoveringState, recoveringState);
  if (!recovering) return null;
  return (
    <Alert
      role="status"
      data-testid="stack-recovering"
      type="warning"
      showIcon
      banner
      message={t('recovery.message')}
      description={t('recovery.detail')}
      style={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: 2000 }}
    />
  );
}
