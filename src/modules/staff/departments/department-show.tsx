import { Show } from '@refinedev/antd';
import { useShow, useTranslate } from '@refinedev/core';
import { Descriptions } from 'antd';
import type { Database } from '../../../types/database.types';

type Department = Database['public']['Tables']['departments']['Row'];

export function DepartmentShow() {
  const t = useTranslate();
  const { result: department, query } = useShow<Department>();
  return (
    <Show isLoading={query.isLoading}>
      <Descriptions column={1} bordered>
        <Descriptions.Item label={t('departments.fields.code')}>{department?.code}</Descriptions.Item>
        <Descriptions.Item label={t('departments.fields.name')}>{department?.name}</Descriptions.Item>
        <Descriptions.Item label={t('departments.fields.active')}>{t(department?.active ? 'common.yes' : 'common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('departments.fields.version')}>{department?.version}</Descriptions.Item>
        <Descriptions.Item label={t('departments.fields.updated_at')}>{department?.updated_at}</Descriptions.Item>
      </Descriptions>
    </Show>
  );
}
