// The staff handover (离职交接): preview_staff_handover says what a leaver holds (himself, or in a
// caretaker's keeping since his deactivation) and what stands in the way of the chosen successors;
// confirm_staff_handover moves it all in one transaction. Both decide who may in Postgres.
import { keys } from '../keys';
import { supabaseClient } from '../supabase-client';

export type HandoverChoice = {
  leaver?: string | null;
  successor?: string | null;
  customers_successor?: string | null;
  requests_successor?: string | null;
  visits_successor?: string | null;
};

export type HandoverField = 'leaver' | 'successor' | 'customers_successor' | 'requests_successor' | 'visits_successor';
export type HandoverRegister = 'customers' | 'service_requests' | 'return_visits';

// The jsonb the SQL builds (migrations/20261124000200_staff_handover.sql).
export type HandoverPreview = {
  leavers: { id: string; code: string; name: string; department: string | null; active: boolean; pending: number }[];
  leaver?: { id: string; code: string; name: string; department: string | null; active: boolean };
  successors?: { id: string; code: string; name: string; role: string; department: string | null }[];
  registers?: { register: HandoverRegister; field: HandoverField; successor: string | null; count: number;
    items: { title: string; detail: string; holder: string | null; in_care: boolean }[] }[];
  problems?: { field: HandoverField; code: string; message: string }[];
};

export type HandoverResult = Record<HandoverRegister, number>;

// Empty choices are left out, so the database sees "not chosen" rather than an empty id.
const chosen = (choice: HandoverChoice): { [K in keyof HandoverChoice]?: string } =>
  Object.fromEntries(Object.entries(choice).filter(([, v]) => typeof v === 'string' && v !== ''));

export const handoverPreviewKey = (choice: HandoverChoice) => [...keys.people(), 'staff-handover', chosen(choice)] as const;

export async function fetchHandoverPreview(choice: HandoverChoice): Promise<HandoverPreview> {
  const { data, error } = await supabaseClient.rpc('preview_staff_handover', chosen(choice));
  if (error) throw error;
  return data as HandoverPreview;
}

export async function confirmHandover(choice: HandoverChoice & { leaver: string }): Promise<HandoverResult> {
  const { data, error } = await supabaseClient.rpc('confirm_staff_handover', { ...chosen(choice), leaver: choice.leaver });
  if (error) throw error;
  return data as HandoverResult;
}
