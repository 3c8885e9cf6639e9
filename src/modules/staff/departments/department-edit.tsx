import { Edit, useForm } from '@refinedev/antd';
import { DepartmentForm } from './department-form';

export function DepartmentEdit() {
  const { formProps, saveButtonProps } = useForm();
  return (
    <Edit saveButtonProps={saveButtonProps}>
      <DepartmentForm formProps={formProps} />
    </Edit>
  );
}
