-- Chinese labels of the option values stored as codes (issue 17: no role or scope code on screen).
-- Most options are stored in Chinese and carry an English label (private.label_options in each
-- register's migration); these few are stored as codes, so the Chinese screens need a label too.
-- register_metadata() hands both lists to the screens (options_en, options_zh), and
-- tests/integration/option-labels.test.ts holds every option of every register to having both.

select private.label_options_zh('{
  "clerk": "客服专员", "archivist": "档案管理员", "manager": "部门经理", "director": "客服中心主任",
  "deputy_gm": "主管副总经理", "gm": "总经理", "admin": "系统管理员",
  "read": "查看", "create": "新建", "update": "修改", "delete": "删除", "approve": "审批", "import": "导入历史记录",
  "own": "本人", "department": "本部门", "all": "全部",
  "insert": "新建", "restore": "恢复",
  "schedule": "定时", "manual": "手动",
  "holiday": "节假日", "workday": "调休工作日"
}');
