// 申请查阅 wherever a customer is hidden from the person (a reference shown as “（无权查看）”): a
// button that files an access request in his own name, or the status of the one he filed. The
// database fixes who decides (the customer's department manager; the gm across departments).
import { useGetIdentity, useInvalidate } from '@refinedev/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileAccessRequest, myAccessRequests, type AccessRequestStatus, type MyAccessRequest } from '../../../data/access-requests/access-requests';
import { keys } from '../../../data/keys';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { readableError } from '../../../providers/readable-error';
import type { ColumnMeta } from '../model/register-meta';
import { useRegister } from '../model/use-registers';

/** The register whose rows an access request opens. */
export const accessRequestTable = 'customers';

/** Whether a reference cell shows a record hidden from the person, one he may ask to read. */
export function asksForAccess(column: ColumnMeta, value: unknown, shown: string, hiddenText: string): boolean {
  return column.references?.table === accessRequestTable && value !== null && value !== undefined && value !== '' && shown === hiddenText;
}

const statusColor: Record<AccessRequestStatus, string> = { 待审批: 'processing', 已批准: 'success', 已驳回: 'error', 已撤回: 'default' };

/** 申请中 / 已批准（有效期至…） / 已拒绝 / 已过期, in the person's language. */
export function AccessRequestStatusTag({ request }: { request: Pick<MyAccessRequest, 'status' | 'expires_at'> }) {
  const { t } = useTranslation();
  if (request.status === '已批准' && request.expires_at !== null && new Date(request.expires_at) < new Date()) {
    return <Tag data-testid="access-request-status">{t('notifications.access.expired')}</Tag>;
  }
  return (
    <Tag color={statusColor[request.status]} data-testid="access-request-status">
      {t(`notifications.access.status.${request.status}`)}
      {request.status === '已批准' && request.expires_at ? ` · ${t('notifications.access.validUntil', { date: dayjs(request.expires_at).format('YYYY-MM-DD HH:mm') })}` : ''}
    </Tag>
  );
}

export function useMyAccessRequests(customerId?: string) {
  const user = useSignedInUserId();
  const { data: me } = useGetIdentity<{ id: string }>();
  return useQuery({
    queryKey: [...keys.register(user, 'access_requests'), 'mine', customerId ?? 'all'],
    queryFn: () => myAccessRequests(me!.id, customerId),
    enabled: !!me?.id,
  });
}

/** Whether the person's latest request for the customer still stands (申请中, or approved and unexpired). */
const standing = (latest: MyAccessRequest | undefined) =>
  !!latest && (latest.status === '待审批' || (latest.status === '已批准' && !!latest.expires_at && new Date(latest.expires_at) > new Date()));

/** The 申请查阅 button for one hidden customer, or the status of the request already filed for it. */
export function AccessRequestButton({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const register = useRegister('access_requests');
  const { data: requests = [] } = useMyAccessRequests(customerId);
  const [asking, setAsking] = useState(false);
  if (!register?.canCreate) return null;
  const latest = requests[0];
  if (standing(latest)) return <AccessRequestStatusTag request={latest} />;
  return (
    <>
      {latest && <AccessRequestStatusTag request={latest} />}
      <Button size="small" type="link" onClick={() => setAsking(true)} data-testid="access-request-button">
        {t('notifications.access.request')}
      </Button>
      <AccessRequestDialog customerId={asking ? customerId : null} onClose={() => setAsking(false)} />
    </>
  );
}

/** The 申请查阅 dialog for a customer (open while customerId is set): a reason, then the request. */
export function AccessRequestDialog({ customerId, onClose }: { customerId: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useSignedInUserId();
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const { data: requests = [] } = useMyAccessRequests(customerId ?? undefined);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const latest = customerId ? requests[0] : undefined;
  const filed = standing(latest);

  const submit = async () => {
    if (!customerId) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await fileAccessRequest(customerId, reason.trim());
      message.success(t('notifications.access.filed'));
      onClose();
      form.resetFields();
      await client.invalidateQueries({ queryKey: keys.register(user, 'access_requests') });
      await invalidate({ resource: 'access_requests', invalidates: ['list'] });
    } catch (e) {
      // The database's refusal, in the person's language, at the field it concerns.
      form.setFields([{ name: 'reason', errors: [readableError(e).message] }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={customerId !== null}
      title={t('notifications.access.title')}
      okText={t('notifications.access.submit')}
      cancelText={t('notifications.access.cancel')}
      confirmLoading={busy}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      okButtonProps={{ disabled: filed, ...({ 'data-testid': 'access-request-submit' } as Record<string, string>) }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('notifications.access.intro')}</Typography.Paragraph>
      {filed && latest ? (
        <AccessRequestStatusTag request={latest} />
      ) : (
        <Form form={form} layout="vertical">
          <Form.Item
            name="reason"
            label={t('notifications.access.reason')}
            rules={[{ required: true, whitespace: true, min: 2, max: 500, message: t('notifications.access.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={500} placeholder={t('notifications.access.placeholder')} data-testid="access-request-reason" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
