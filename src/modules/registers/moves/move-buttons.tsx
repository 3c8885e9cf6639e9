// The workflow moves a record offers the signed-in person, as buttons (the record page).
import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf, type MoveMeta, type RegisterMeta } from '../model/register-meta';
import { useMove } from './use-move';

export function MoveButtons({ register, registers, moves, rowKey, row }: { register: RegisterMeta; registers: readonly RegisterMeta[]; moves: readonly MoveMeta[]; rowKey: string; row?: Record<string, unknown> }) {
  const { i18n } = useTranslation();
  const { start, running, dialog } = useMove(register, registers);
  return (
    <Space wrap>
      {moves.map((move) => (
        <Button key={move.move} danger={move.danger} data-testid={`workflow-${move.move}`} loading={running === move.move} onClick={() => start(move, rowKey, row)}>
          {labelOf(move, i18n.language)}
        </Button>
      ))}
      {dialog}
    </Space>
  );
}
