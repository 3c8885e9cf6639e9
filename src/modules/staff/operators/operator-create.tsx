import { Create, useForm } from '@refinedev/antd';
import { OperatorForm } from './operator-form';

export function OperatorCreate() {
  const { formProps, saveButtonProps } = useForm();
  return (
    <Create saveButtonProps={saveButtonProps}>
      <OperatorForm formProps={formProps} />
    </Create>
  );
}
