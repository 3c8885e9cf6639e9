// The one write path of the app: every change to a register (cell, paste, fill, undo, form, import,
// workflow move, delete, restore) is a mutation here, which invalidates exactly what it made stale.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSignedInUserId } from '../session/signed-in-user';
import { applyRows, type ApplyRowInput, type ApplyRowsResult } from './apply-rows';
import { deleteRows } from './delete-rows';
import { invalidateRegister, type Stale } from './invalidate-register';
import { restoreDeleted } from './restore-deleted';
import { runMove, type MoveCall } from './run-move';

export type ApplyRequest = Stale & { rows: ApplyRowInput[]; dryRun?: boolean; historical?: boolean };
export type MoveRequest = Stale & { move: MoveCall; key: string; values: Record<string, unknown> };
export type DeleteRequest = Stale & { keyColumn: string; keys: readonly string[] };
export type RestoreRequest = Stale & { binId: number };

export function useRegisterWrites() {
  const client = useQueryClient();
  const user = useSignedInUserId();
  const stale = (request: Stale) => invalidateRegister(client, user, request);

  const apply = useMutation({
    mutationFn: ({ register, rows, dryRun, historical }: ApplyRequest): Promise<ApplyRowsResult> => applyRows(register, rows, { dryRun, historical }),
    onSuccess: (result, request) => (!request.dryRun && result.applied > 0 ? stale(request) : undefined),
  });
  const move = useMutation({ mutationFn: ({ move: call, key, values }: MoveRequest) => runMove(call, key, values), onSuccess: (_, request) => stale(request) });
  // A delete is done when the database says so: the person hears it then, while the screens that
  // showed the rows read again (awaiting that refetch held the "deleted" message back until every
  // active query of the register had answered again, and for good when one of them hung).
  const remove = useMutation({
    mutationFn: ({ register, keyColumn, keys }: DeleteRequest) => deleteRows(register, keyColumn, keys),
    onSuccess: (_, request) => void stale(request),
  });
  const restore = useMutation({
    mutationFn: ({ binId }: RestoreRequest) => restoreDeleted(binId),
    onSuccess: (_, request) => stale({ ...request, also: [...(request.also ?? []), 'recycle_bin'] }),
  });

  return {
    applyRows: apply.mutateAsync,
    runMove: move.mutateAsync,
    deleteRows: remove.mutateAsync,
    restoreDeleted: restore.mutateAsync,
    busy: apply.isPending || move.isPending || remove.isPending || restore.isPending,
  };
}
