// A record page live (issue 19): someone else's change to this record, or to the records that point at
// it, shows at once (the page asks again, as after a write of one's own); and the page says who else
// has this record open — the server tells only those who may read it.
import { useGetIdentity } from '@refinedev/core';
import { useQueryClient } from '@tanstack/react-query';
import { Space, Tag, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegisterChanges, type RegisterChange } from '../../../data/realtime/use-register-changes';
import { invalidateRegister } from '../../../data/registers/invalidate-register';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { personColour } from '../grid/presence-bar';
import { othersOf } from '../grid/use-live-rows';
import type { RegisterMeta } from '../model/register-meta';

export function LiveRecord({ register, rowKey }: { register: RegisterMeta; rowKey: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const user = useSignedInUserId();
  const { data: me } = useGetIdentity<{ id: string; name?: string }>();
  const onChange = useCallback(
    (change: RegisterChange) => {
      const changed = change.type === 'DELETE' ? change.old : change.row;
      if (String(changed[register.keyColumn]) === rowKey) void invalidateRegister(client, user, { register: register.name });
    },
    [client, user, register.name, register.keyColumn, rowKey],
  );
  const live = useRegisterChanges(register.name, { onChange, presenceKey: me?.id, topic: `record:${register.name}:${rowKey}` });
  const { track } = live;
  useEffect(() => {
    if (me) void track({ register: register.name, row_id: rowKey, name: me.name ?? '' });
  }, [track, me, register.name, rowKey]);
  const here = othersOf(live.presence, register.name, me?.id).filter((p) => p.rowKey === rowKey);
  if (here.length === 0) return null;
  return (
    <Space size="small" data-testid="record-presence">
      <Typography.Text type="secondary">{t('registers.live.alsoHere')}</Typography.Text>
      {here.map((p, i) => (
        <Tag key={`${p.key}:${i}`} color={personColour(p.key)}>
          {p.name}
        </Tag>
      ))}
    </Space>
  );
}
