// Staff handover 离职交接 (seed 000: 负责与客户联系的员工调离公司时……指派其他员工代替): choose the
// leaver and the successors, preview what moves, confirm. The database decides who may and which
// successor fits (preview_staff_handover's problems, confirm_staff_handover's refusals); the screen
// shows each refusal at the field it concerns, by name, never by id.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  confirmHandover,
  fetchHandoverPreview,
  handoverPreviewKey,
  type HandoverChoice,
  type HandoverField,
  type HandoverPreview,
  type HandoverResult,
} from '../../data/handover/staff-handover';
import { keys } from '../../data/keys';
import { messageHalf, readableError } from '../../providers/readable-error';
import { useCanDo } from '../registers/model/use-can-do';

type Item = NonNullable<HandoverPreview['registers']>[number]['items'][number];
const perRegister: HandoverField[] = ['customers_successor', 'requests_successor', 'visits_successor'];

export function HandoverPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const mayConfirm = useCanDo()('staff_handover', 'approve');
  const [form] = Form.useForm<HandoverChoice>();
  const watched = Form.useWatch([], form) as HandoverChoice | undefined;
  const choice = useMemo<HandoverChoice>(() => ({ ...watched }), [watched]);
  const [refusal, setRefusal] = useState<{ field: HandoverField | null; message: string } | null>(null);
  const [done, setDone] = useState<HandoverResult | null>(null);

  const { data: preview, error, isFetching } = useQuery({
    queryKey: handoverPreviewKey(choice),
    queryFn: () => fetchHandoverPreview(choice),
    placeholderData: keepPreviousData,
  });

  const confirm = useMutation({
    mutationFn: () => confirmHandover({ ...choice, leaver: choice.leaver ?? '' }),
    onSuccess: async (result) => {
      setRefusal(null);
      setDone(result);
      void message.success(t('handover.done', result));
      await queryClient.invalidateQueries({ queryKey: keys.people() });
    },
    onError: (e) => {
      const hint = (e as { hint?: string | null }).hint ?? null;
      const field = hint && (['leaver', 'successor', ...perRegister] as string[]).includes(hint) ? (hint as HandoverField) : null;
      setRefusal({ field, message: readableError(e).message });
    },
  });

  const names = new Map([...(preview?.successors ?? []).map((s) => [s.id, s.name] as const), ...(preview?.leavers ?? []).map((l) => [l.id, l.name] as const)]);
  const roleLabel = (role: string) => t(`roles.${role}`, { defaultValue: role });
  const optionLabel = (text: string) => text.split(' · ').map((part) => t(`handover.options.${part}`, { defaultValue: part })).join(' · ');

  // A field's message: the refusal of the last confirm if it names this field, else the preview's problem.
  const fieldHelp = (field: HandoverField) => {
    if (refusal?.field === field) return refusal.message;
    // (a successor not yet chosen is said when the person confirms, not while he is still choosing)
    const problem = preview?.problems?.find((p) => p.field === field && p.code !== '23502');
    return problem ? messageHalf(problem.message) : undefined;
  };
  const itemProps = (field: HandoverField) => {
    const help = fieldHelp(field);
    return help ? { help, validateStatus: 'error' as const } : {};
  };

  const leaverOptions = (preview?.leavers ?? []).map((l) => ({
    value: l.id,
    search: `${l.name} ${l.code} ${l.department ?? ''}`,
    label: (
      <Space size={4}>
        <span>{l.name}</span>
        <Typography.Text type="secondary">
          {l.code}
          {l.department ? ` · ${l.department}` : ''}
        </Typography.Text>
        {!l.active ? <Tag color="default">{t('handover.inactive')}</Tag> : null}
        {l.pending > 0 ? <Tag color="orange">{t('handover.pending', { count: l.pending })}</Tag> : null}
      </Space>
    ),
  }));
  const successorOptions = (preview?.successors ?? []).map((s) => ({
    value: s.id,
    search: `${s.name} ${s.code} ${s.department ?? ''}`,
    label: t('handover.successorLabel', { name: s.name, role: roleLabel(s.role), department: s.department ? ` · ${s.department}` : '' }),
  }));
  const filterOption = (input: string, option?: { search: string }) => (option?.search ?? '').toLowerCase().includes(input.toLowerCase());

  const registers = preview?.leaver ? (preview.registers ?? []).filter((r) => r.count > 0) : [];
  const total = registers.reduce((sum, r) => sum + r.count, 0);
  const blocked = (preview?.problems ?? []).some((p) => p.code !== '23502');

  return (
    <div data-testid="staff-handover">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('handover.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('handover.intro')}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={t('handover.loadError')} description={readableError(error).message} style={{ marginBottom: 16 }} /> : null}
      <Card style={{ marginBottom: 16 }}>
        <Form
          form={form}
          layout="vertical"
          onValuesChange={(changed: HandoverChoice) => {
            setRefusal(null);
            if ('leaver' in changed) {
              setDone(null);
              form.setFieldsValue({ successor: undefined, customers_successor: undefined, requests_successor: undefined, visits_successor: undefined });
            }
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="leaver" label={t('handover.fields.leaver')} {...itemProps('leaver')}>
                <Select
                  data-testid="handover-leaver"
                  showSearch
                  allowClear
                  placeholder={t('handover.placeholders.leaver')}
                  options={leaverOptions}
                  filterOption={filterOption}
                  optionLabelProp="label"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="successor" label={t('handover.fields.successor')} extra={t('handover.extra.successor')} {...itemProps('successor')}>
                <Select
                  data-testid="handover-successor"
                  showSearch
                  allowClear
                  disabled={!choice.leaver}
                  placeholder={t('handover.placeholders.successor')}
                  options={successorOptions}
                  filterOption={filterOption}
                />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={16}>
            {perRegister.map((field) => (
              <Col xs={24} md={8} key={field}>
                <Form.Item name={field} label={t(`handover.fields.${field}`)} {...itemProps(field)}>
                  <Select
                    data-testid={`handover-${field}`}
                    showSearch
                    allowClear
                    disabled={!choice.leaver}
                    placeholder={t('handover.placeholders.sameAsAll')}
                    options={successorOptions}
                    filterOption={filterOption}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form>
      </Card>

      {done ? <Alert type="success" showIcon message={t('handover.done', done)} style={{ marginBottom: 16 }} data-testid="handover-done" /> : null}

      {preview?.leaver && total === 0 && !done ? (
        <Card>
          <Empty description={t('handover.nothing', { name: preview.leaver.name })} />
        </Card>
      ) : null}

      {registers.map((r) => {
        const to = r.successor ? names.get(r.successor) : undefined;
        return (
          <Card
            key={r.register}
            size="small"
            data-testid={`handover-preview-${r.register}`}
            title={`${t(`handover.registers.${r.register}`)} · ${r.count}`}
            style={{ marginBottom: 16 }}
            loading={isFetching && !preview}
          >
            <Table<Item>
              size="small"
              pagination={false}
              rowKey={(item) => `${item.title}-${item.detail}-${item.in_care}`}
              dataSource={r.items}
              columns={[
                { title: t('handover.columns.record'), dataIndex: 'title' },
                { title: t('handover.columns.detail'), dataIndex: 'detail', render: (v: string) => optionLabel(v) },
                {
                  title: t('handover.columns.holder'),
                  render: (_: unknown, item: Item) => (
                    <Space size={4}>
                      {item.holder}
                      {item.in_care ? <Tag color="blue">{t('handover.inCare')}</Tag> : null}
                    </Space>
                  ),
                },
                { title: t('handover.columns.to'), render: () => to ?? '—' },
              ]}
            />
          </Card>
        );
      })}

      {total > 0 && mayConfirm ? (
        <Popconfirm
          title={t('handover.confirmTitle', { count: total })}
          okText={t('handover.confirmOk')}
          cancelText={t('handover.cancel')}
          onConfirm={() => confirm.mutate()}
        >
          <Button type="primary" data-testid="handover-confirm" loading={confirm.isPending} disabled={blocked}>
            {t('handover.confirm')}
          </Button>
        </Popconfirm>
      ) : null}
      {refusal && !refusal.field ? <Alert type="error" showIcon message={refusal.message} style={{ marginTop: 16 }} /> : null}
    </div>
  );
}
