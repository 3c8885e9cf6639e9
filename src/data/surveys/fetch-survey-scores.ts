// Satisfaction-survey scores per department for this quarter and the one before, as the database
// keeps them (survey_scores), read under the caller's RLS: a manager sees his department's, the
// director and the general managers every department's, a clerk none.
import { supabaseClient } from '../supabase-client';

export type SurveyScoreRow = {
  department_id: string;
  department: string;
  /** The department's code (KF1, KF2…): the order departments are listed in. */
  departmentCode: string;
  quarter: string;
  answered: number;
  average: number | null;
  satisfied_rate: number | null;
};

export async function fetchSurveyScores(sinceQuarter: string): Promise<SurveyScoreRow[]> {
  const { data, error } = await supabaseClient
    .from('survey_scores')
    .select('department_id, quarter, answered, average, satisfied_rate, departments(name, code)')
    .gte('quarter', sinceQuarter)
    .order('quarter', { ascending: false });
  if (error) throw error;
  return data.map(({ departments, ...row }) => ({ ...row, department: departments?.name ?? '', departmentCode: departments?.code ?? '' }));
}
