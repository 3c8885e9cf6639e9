import { Edit, useForm } from '@refinedev/antd';
import { OperatorForm } from './operator-form';

export function OperatorEdit() {
  const { formProps, saveButtonProps } = useForm();
  return (
    <Edit saveButtonProps={saveButtonProps}>
      <OperatorForm formProps={formProps} />
    </Edit>
  );
}
