// The demo accounts the seeds create (seeds/01_demo_accounts.sql), as printed by `npm start`.
export const demoPassword = 'Taizhang@2026';

export const demoAccounts = [
  { key: 'clerk', email: 'clerk@demo.taizhang.cn', name: '王小明', role: '客服专员 clerk', department: '客服一部' },
  { key: 'clerk2', email: 'clerk2@demo.taizhang.cn', name: '李娜', role: '客服专员 clerk', department: '客服二部' },
  { key: 'archivist', email: 'archivist@demo.taizhang.cn', name: '赵敏', role: '档案管理员 archivist', department: '档案室' },
  { key: 'manager', email: 'manager@demo.taizhang.cn', name: '陈刚', role: '部门经理 manager', department: '客服一部' },
  { key: 'director', email: 'director@demo.taizhang.cn', name: '刘芳', role: '客服中心主任 director', department: '客服中心' },
  { key: 'gm', email: 'gm@demo.taizhang.cn', name: '周建国', role: '总经理 gm', department: '总经理办公室' },
  { key: 'admin', email: 'admin@demo.taizhang.cn', name: '孙浩', role: '系统管理员 admin', department: '信息部' },
  { key: 'deputy', email: 'deputy@demo.taizhang.cn', name: '吴志强', role: '主管副总经理 deputy_gm', department: '总经理办公室' },
  { key: 'engineer', email: 'engineer@demo.taizhang.cn', name: '高建华', role: '工程经理 (clerk)', department: '工程部' },
  { key: 'engineer2', email: 'engineer2@demo.taizhang.cn', name: '林涛', role: '工程经理 (clerk)', department: '工程部' },
  { key: 'guard', email: 'guard@demo.taizhang.cn', name: '马军', role: '门岗 (clerk)', department: '安全保卫部' },
] as const;

export type DemoAccountKey = (typeof demoAccounts)[number]['key'];
