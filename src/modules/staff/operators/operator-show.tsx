import { Show } from '@refinedev/antd';
import { useShow, useTranslate } from '@refinedev/core';
import { Descriptions } from 'antd';
import { roleLabelKey } from '../../../access/roles';
import type { Database } from '../../../types/database.types';

type Operator = Database['public']['Tables']['operators']['Row'];

export function OperatorShow() {
  const t = useTranslate();
  const { result: operator, query } = useShow<Operator>();
  return (
    <Show isLoading={query.isLoading}>
      <Descriptions column={1} bordered>
        <Descriptions.Item label={t('operators.fields.code')}>{operator?.code}</Descriptions.Item>
        <Descriptions.Item label={t('operators.fields.name')}>{operator?.name}</Descriptions.Item>
        <Descriptions.Item label={t('operators.fields.role')}>{operator && t(roleLabelKey(operator.role))}</Descriptions.Item>
        <Descriptions.Item label={t('operators.fields.email')}>{operator?.email}</Descriptions.Item>
        <Descriptions.Item label={t('operators.fields.phone')}>{operator?.phone}</Descriptions.Item>
        <Descriptions.Item label={t('operators.fields.active')}>{t(operator?.active ? 'common.yes' : 'common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('operators.fields.password_changed_at')}>{operator?.password_changed_at}</Descriptions.Item>
      </Descriptions>
    </Show>
  );
}
