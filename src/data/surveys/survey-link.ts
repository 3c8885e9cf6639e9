// The customer-facing survey link: read the questions and answer through the two RPCs the database
// opens to anon for a signed, single-use, expiring token. Nothing else is readable through it.
import { supabaseClient } from '../supabase-client';

export type SurveyQuestion = { id: string; position: number; kind: '单选' | '评分' | '文字'; prompt: string; options: string[] | null; required: boolean };
/** What survey_by_token returns (jsonb in the generated types; this is the shape the SQL builds). */
export type SurveyForLink = { title: string; description: string | null; customer_name: string; expires_at: string; questions: SurveyQuestion[] };
export type SurveyAnswers = Record<string, string | number>;
/** A refusal as PostgREST sends it: the SQLSTATE, the "中文 | English" message, and the hint naming the field. */
export type SurveyLinkError = { code?: string; message?: string; hint?: string | null };

export async function fetchSurveyByToken(token: string): Promise<SurveyForLink> {
  const { data, error } = await supabaseClient.rpc('survey_by_token', { token });
  if (error) throw error;
  return data as unknown as SurveyForLink;
}

export async function answerSurvey(token: string, answers: SurveyAnswers): Promise<void> {
  const { error } = await supabaseClient.rpc('answer_survey', { token, answers });
  if (error) throw error;
}
