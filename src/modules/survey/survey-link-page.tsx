// The page a customer opens from a survey link (/survey/<token>): no account, no menu. It shows only
// what survey_by_token gives (the questionnaire and the customer's name) and sends the answers once
// through answer_survey. The database decides everything: a used, expired, closed or altered link is
// refused there, and a wrong answer comes back naming its question, shown at that question.
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Layout, Radio, Result, Space, Spin, Typography } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { answerSurvey, fetchSurveyByToken, type SurveyAnswers, type SurveyLinkError, type SurveyQuestion } from '../../data/surveys/survey-link';
import { appLanguages, i18n, rememberLanguage } from '../../i18n/i18n';
import { isEnglish, numberLocale } from '../../i18n/in-language';
import { messageHalf } from '../../providers/readable-error';

const refusals = ['PT403', 'PT404', 'PT409', 'PT410'];
const scale = [1, 2, 3, 4, 5];

function LanguageSwitch() {
  const { t } = useTranslation();
  const other = appLanguages.find((l) => l !== i18n.language) ?? 'zh-CN';
  return (
    <Button type="link" onClick={() => { rememberLanguage(other); void i18n.changeLanguage(other); }} data-testid="survey-language">
      {t('survey.language')}
    </Button>
  );
}

// Form.Item hands its child the value and onChange; each input passes them on.
type QuestionInputProps = { question: SurveyQuestion; value?: string | number; onChange?: (value: unknown) => void; id?: string };

function QuestionInput({ question, value, onChange, id }: QuestionInputProps) {
  const { t } = useTranslation();
  const control = { id, value, onChange: (e: { target: { value?: unknown } }) => onChange?.(e.target.value) };
  if (question.kind === '单选') {
    return (
      <Radio.Group {...control}>
        <Space direction="vertical">
          {(question.options ?? []).map((option) => <Radio key={option} value={option}>{option}</Radio>)}
        </Space>
      </Radio.Group>
    );
  }
  if (question.kind === '评分') {
    return (
      <Radio.Group {...control} optionType="button" buttonStyle="solid" options={scale.map((n) => ({ value: n, label: `${n} ${t(`survey.scale.${n}`)}` }))} />
    );
  }
  return <Input.TextArea {...control} value={value === undefined ? undefined : String(value)} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} showCount />;
}

function Refusal({ error }: { error: SurveyLinkError }) {
  const { t } = useTranslation();
  const code = error.code ?? '';
  const known = refusals.includes(code);
  return (
    <div data-testid="survey-refusal">
      <Result
        status={code === 'PT409' ? 'success' : known ? 'warning' : 'error'}
        title={known ? t(`survey.refusal.${code}`) : t('survey.failed')}
        subTitle={error.message ? messageHalf(error.message) : undefined}
      />
    </div>
  );
}

export function SurveyLinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [form] = Form.useForm<SurveyAnswers>();
  const survey = useQuery({ queryKey: ['survey-link', token], queryFn: () => fetchSurveyByToken(token), retry: false, refetchOnWindowFocus: false });
  const answer = useMutation({
    mutationFn: (answers: SurveyAnswers) => answerSurvey(token, answers),
    onError: (error: SurveyLinkError) => {
      // A refusal about one answer goes to that question; the rest is shown above the form.
      const question = error.hint?.startsWith('question:') ? error.hint.slice('question:'.length) : null;
      if (question) form.setFields([{ name: question, errors: [messageHalf(error.message ?? '')] }]);
    },
  });
  const answerError = answer.error as SurveyLinkError | null;
  const refusedWhole = answerError && refusals.includes(answerError.code ?? '');

  const submit = (values: SurveyAnswers) => {
    // Unanswered optional questions are left out rather than sent empty.
    const answers = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    answer.mutate(answers);
  };

  let body;
  if (survey.isPending) body = <Spin tip={t('survey.loading')}><div style={{ minHeight: 120 }} /></Spin>;
  else if (survey.error) body = <Refusal error={survey.error as SurveyLinkError} />;
  else if (answer.isSuccess) body = (
      <div data-testid="survey-thanks">
        <Result status="success" title={t('survey.thanks')} subTitle={t('survey.thanksDetail')} />
      </div>
    );
  else if (refusedWhole) body = <Refusal error={answerError} />;
  else {
    const data = survey.data;
    const expires = new Date(data.expires_at).toLocaleDateString(numberLocale(), { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });
    body = (
      <>
        <Typography.Title level={3} data-testid="survey-title">{data.title}</Typography.Title>
        <Typography.Paragraph>{t('survey.greeting', { name: data.customer_name })}</Typography.Paragraph>
        {data.description ? <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{data.description}</Typography.Paragraph> : null}
        <Typography.Paragraph type="secondary">{t('survey.expires', { date: expires })}</Typography.Paragraph>
        {answerError && !answerError.hint?.startsWith('question:') ? <Alert type="error" showIcon message={t('survey.failed')} style={{ marginBottom: 16 }} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} data-testid="survey-form">
          {data.questions.map((q) => (
            <Form.Item
              key={q.id}
              name={q.id}
              label={`${q.position}. ${q.prompt}`}
              rules={[...(q.required ? [{ required: true, message: t('survey.required') }] : []), ...(q.kind === '文字' ? [{ max: 1000, message: t('survey.textTooLong') }] : [])]}
              data-testid={`survey-question-${q.position}`}
            >
              <QuestionInput question={q} />
            </Form.Item>
          ))}
          <Button type="primary" htmlType="submit" size="large" loading={answer.isPending} block>
            {t('survey.submit')}
          </Button>
        </Form>
      </>
    );
  }

  return (
    <Layout style={{ minHeight: '100vh', background: '#f0f2f5', padding: '24px 12px' }} lang={isEnglish() ? 'en' : 'zh-CN'}>
      <Card style={{ maxWidth: 720, width: '100%', margin: '0 auto' }} title={t('survey.pageTitle')} extra={<LanguageSwitch />}>
        {body}
      </Card>
    </Layout>
  );
}
