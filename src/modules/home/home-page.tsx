// The landing page after sign-in (the dashboard proper comes with the registers).
import { useGetIdentity, useTranslate } from '@refinedev/core';
import { Card, Typography } from 'antd';
import type { CurrentOperator } from '../../data/operators/current-operator';

export function HomePage() {
  const t = useTranslate();
  const { data: operator } = useGetIdentity<CurrentOperator>();
  return (
    <Card>
      <Typography.Title level={3}>{t('dashboard.welcome', { name: operator?.name ?? '' })}</Typography.Title>
      <Typography.Paragraph>{t('dashboard.intro')}</Typography.Paragraph>
    </Card>
  );
}
