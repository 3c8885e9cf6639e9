-- Performance, rewards and penalties (issue 16) have a menu group of their own, after operations;
-- membership points and satisfaction surveys sit with the customers in 客户服务.
select private.declare_menu_group('performance', '绩效考核 | Performance', 28);
