import { Create, useForm } from '@refinedev/antd';
import { DepartmentForm } from './department-form';

export function DepartmentCreate() {
  const { formProps, saveButtonProps } = useForm();
  return (
    <Create saveButtonProps={saveButtonProps}>
      <DepartmentForm formProps={formProps} />
    </Create>
  );
}
