// UI strings in English, Spanish, Chinese (zh-CN) and Russian; metadata labels come from the metadata
// itself. Dates, numbers and currencies are formatted with Intl for the chosen locale.
export const LOCALES = { en: 'English', es: 'Español', 'zh-CN': '中文', ru: 'Русский' };

const S = {
  en: {
    packages: 'Packages', packagesHelp: 'Packages bring whole solutions: objects, rules, workflows, access and sample data. Your own changes stay yours: an upgrade keeps them and asks you where the package and you changed the same thing.', install: 'Install', upgradeTo: 'Upgrade to {v}', uninstall: 'Uninstall', notInstalled: 'Not installed', installedVersion: 'Installed: {v}', withSampleData: 'With sample data', planFor: '{what}: the plan', changesN: { one: '{n} change to the metadata', other: '{n} changes to the metadata' }, decisionsHelp: 'Choose for each item: keep what your organisation has, or take the package\'s.', keepMine: 'Keep ours', takePackage: 'Take the package\'s', applyPlan: 'Apply', yourChanges: 'Your changes', noCustomizations: 'You have not changed anything this package installed.', accessChanges: 'Access', readme: 'About this package', packageApplied: 'Done: {what}',
    signIn: 'Sign in', tenant: 'Tenant', email: 'E-mail', password: 'Password', signOut: 'Sign out', search: 'Search',
    home: 'Home', myTasks: 'My tasks', notifications: 'Notifications', noNotifications: 'Nothing new.', markRead: 'Mark read',
    new: 'New', edit: 'Edit', delete: 'Delete', save: 'Save', cancel: 'Cancel', close: 'Close', apply: 'Apply', add: 'Add', remove: 'Remove',
    list: 'List', kanban: 'Kanban', calendar: 'Calendar', filter: 'Filter', addCondition: 'Add condition', clearFilter: 'Clear',
    loadMore: 'Load more', records: { one: '{n} record', other: '{n} records' }, noRecords: 'No records yet.', exportCsv: 'Export CSV', selected: '{n} selected',
    merge: 'Merge', addrStreet: 'Street', addrPostalCode: 'Postal code', addrCity: 'City', addrRegion: 'Region', addrCountry: 'Country', mergeTitle: 'Merge {n} records', keepWhich: 'Keep this one; the others are merged into it and go to the recycle bin', merged: 'Merged.', createNew: 'Create new', useExisting: 'Use {title}', dontCreate: "Don't create", converted: 'Converted.', likelyDuplicates: 'This may already exist:', saveAnyway: 'Save anyway', matchedBy: 'matched by {rules}', notConvertible: 'This record cannot be converted in its current state.',
    deleteSelected: 'Delete selected', confirmDelete: 'Delete this record?', confirmDeleteN: 'Delete {n} records?', deleted: 'Deleted.',
    saved: 'Saved.', savedView: 'Saved views', saveView: 'Save view', viewName: 'View name', shared: 'Shared with everyone', personal: 'Only me',
    details: 'Details', related: 'Related', suggested: 'Suggested', hierarchy: 'Hierarchy', print: 'Print', timeline: 'Timeline', history: 'Field history', approvals: 'Approvals', actions: 'Actions',
    approve: 'Approve', reject: 'Reject', comment: 'Comment', submitApproval: 'Submit for approval', run: 'Run',
    required: 'is required', tooLong: 'is longer than {n} characters', notNumber: 'must be a number', notEmail: 'must be an e-mail address',
    conflict: 'Someone else changed this record while you were editing.', reload: 'Reload', fixErrors: 'Please correct the highlighted fields.',
    yes: 'Yes', no: 'No', none: '—', choose: 'Choose…', today: 'Today', prev: 'Previous', next: 'Next', moveTo: 'Move to',
    admin: 'Setup', objects: 'Object manager', newEntity: 'New object', apiName: 'API name', label: 'Label', pluralLabel: 'Plural label',
    fields: 'Fields', newField: 'New field', type: 'Type', target: 'Related object', values: 'Values', value: 'Value', expression: 'Expression',
    returns: 'Result type', currency: 'Currency', plan: 'Deployment plan', planEmpty: 'No database change needed.', dataLoss: 'This change can lose data.',
    confirmDataLoss: 'I understand, apply it', deploy: 'Deploy', layout: 'Layout', section: 'Section', addSection: 'Add section',
    moveUp: 'Move up', moveDown: 'Move down', moveLeft: 'Previous section', moveRight: 'Next section', unplaced: 'Not in the layout',
    pickFromList: 'Pick a record from the list (or clear the text)',
    moreFields: 'More fields',
    rules: 'Rules', newRule: 'New rule', kind: 'Kind', field: 'Field', message: 'Message', source: 'Script', testRule: 'Test against a record',
    workflows: 'Workflows', newWorkflow: 'New workflow', trigger: 'When', condition: 'Condition (filter)', createRecord: 'Create a record',
    updateRecord: 'Update this record', notify: 'Notify', users: 'Users', permissionSets: 'Permission sets', adminPermissions: 'Administration', perm_manageUsers: 'Create users and deactivate them (their records go to a successor); give roles at or below your own and permission sets up to what you hold. Not administrators, not your own access.', perm_manageAccess: 'Roles, groups, permission sets and sharing rules, never beyond what you hold: a sharing rule needs view-all on its object yourself; teams are for administrators.', perm_manageMetadata: 'Change objects, fields, rules and workflows. This amounts to reading all data: a rule or workflow runs over every record and can send it elsewhere (a webhook, an e-mail). Give it only to people you would show every record.', perm_viewAudit: 'Read the audit trail: who did what and when, with the changes of fields you may read. Retention is for administrators.', roles: 'Roles', newUser: 'New user',
    displayName: 'Name', isAdmin: 'Administrator', read: 'Read', create: 'Create', editPerm: 'Edit', deletePerm: 'Delete', fieldAccess: 'Field access',
    audit: 'Audit log', deployments: 'Deployments', rollback: 'Roll back to this version', plugins: 'Plugins', upload: 'Upload plugin',
    enable: 'Enable', disable: 'Disable', settings: 'Settings', grantAccess: 'Grant the access it needs', pluginsOperatorOnly: 'Installing and removing plugins affects every organisation on this platform, so it is for platform operators. Here you enable them for your organisation and set them up.', state: 'State', version: 'Version',
    language: 'Language', when: 'When', who: 'Who', what: 'What', explain: 'Explain access', views: 'Views', columns: 'Columns',
    kanbanField: 'Kanban by', calendarField: 'Calendar by', saveLayout: 'Save layout', unknownError: 'Something went wrong.',
    result: 'Result', ok: 'OK', plannedSteps: 'Steps', noChange: 'Nothing to change.', created: 'Created.', onCreate: 'is created',
    onUpdate: 'is updated', onDelete: 'is deleted', manual: 'a button is pressed', taskSubject: 'Task subject', due: 'Due in days',
    processes: 'Processes', stateMachines: 'Allowed stage moves', approvalProcesses: 'Approval processes', initialValues: 'A record may start as', step: 'Step', approver: 'Approver', ownersManager: "Owner's manager", needPicklist: 'Add a picklist field first.', deactivate: 'Deactivate', successor: 'Hand records over to', dryRun: 'Preview', indexed: 'Indexed', unique: 'Unique', searchable: 'Searchable', inactive: 'Inactive', remindAfter: 'Remind after (h)', escalateAfter: 'Escalate after (h)', escalateTo: 'Escalate to', object: 'Object', verifyChain: 'Verify the chain', chainIntact: 'The audit chain is intact.', scriptOk: 'The script is valid.', navObjects: 'Objects', assignTo: 'Owner', viewAll: 'All records', bulkEdit: 'Edit selected', setField: 'Set field', to: 'to', syntaxOk: 'The expression is valid.',
    reports: 'Reports', dashboards: 'Dashboards', newReport: 'New report', noReports: 'No reports yet.', reportType_summary: 'Summary', reportType_matrix: 'Matrix', reportType_tabular: 'Table', chart: 'Chart', chart_bar: 'Bar', chart_column: 'Column', chart_line: 'Line', chart_pie: 'Pie', chart_donut: 'Donut', chart_funnel: 'Funnel', chart_pareto: 'Pareto', chart_kpi: 'KPI', chart_gauge: 'Gauge', chart_table: 'Table only', name: 'Name', exportXlsx: 'Export XLSX', exportFailed: 'The export failed.', notFound: 'Not found.', total: 'Total', ranAt: 'Run at {at}', computedAt: 'Computed at {at}', weekOf: 'Week of {d}', emptyGroup: '(empty)', aggCount: 'Records', agg_count: 'Count of {f}', agg_count_distinct: 'Distinct {f}', agg_sum: 'Sum of {f}', agg_avg: 'Average {f}', agg_min: 'Lowest {f}', agg_max: 'Highest {f}', op_count: 'Count', op_count_distinct: 'Count distinct', op_sum: 'Sum', op_avg: 'Average', op_min: 'Minimum', op_max: 'Maximum', ofTarget: '{n}% of target', matrixRows: 'Rows', matrixColumns: 'Columns', groupBy: 'Group by ({n})', bucket_day: 'Day', bucket_week: 'Week', bucket_month: 'Month', bucket_quarter: 'Quarter', bucket_year: 'Year', bucket_fiscal_quarter: 'Fiscal quarter', bucket_fiscal_year: 'Fiscal year', aggregate: 'Summarize', addGrouping: 'Add grouping', addAggregate: 'Add summary', sort: 'Sort', topN: 'Top N', sortByGroup: 'By group', builderHint: 'Choose a grouping and a summary to see the report.', apiNameHint: 'Use lower-case letters, digits and _ , starting with a letter.', saveReport: 'Save report', dashboard: 'Dashboard', newDashboard: 'New dashboard…', addToDashboard: 'Save and add to dashboard', components: { one: '{n} chart', other: '{n} charts' }, noDashboards: 'No dashboards yet.', everyone: 'Everyone', dateFrom: 'From', dateTo: 'To', owner: 'Owner', createdAt: 'Created', refresh: 'Refresh', editLayout: 'Arrange', size: 'Size', size_small: 'Small', size_medium: 'Medium', size_large: 'Large',
    updatedAt: 'Last modified', createdBy: 'Created by', updatedBy: 'Modified by',
    team: 'Team', allTeams: 'All teams',
    import: 'Import', importInto: 'Import into', importHelp: 'A CSV or Excel (XLSX) file with a header row. Check how each column is read in the preview before you start; rows that fail are listed with the reason, to fix and import again. A finished import can be undone.', chooseFile: 'Choose a file…', recentImports: 'Recent imports', importStatus_draft: 'not started', importStatus_running: 'importing', importStatus_done: 'done', importStatus_undone: 'undone', importCounts: '{c} created, {u} updated, {e} failed', doNotImport: '— do not import', column: 'Column', example: 'First row', field: 'Field', importMode: 'Records', modeCreate: 'create new', modeUpdate: 'update existing', modeUpsert: 'update or create', matchBy: 'Match by', encoding: 'Encoding', delimiter: 'Delimiter', dateFormat: 'Dates', decimalSeparator: 'Numbers', preview: 'Preview', problems: 'Problems', startImport: 'Start the import', downloadErrors: 'Download the rows that failed', undoImport: 'Undo this import', importUndone: { one: 'Undone: {n} record', other: 'Undone: {n} records' },
    attachments: 'Attachments', attachFiles: 'Attach files', attached: 'Attached: {name}', fileTooLarge: 'The file is larger than 25 MB.', noAttachments: 'No files yet.', confirmRemoveFile: 'Remove {name}?',
    preferences: 'Your settings', timeZone: 'Time zone', browserZone: 'The browser\'s',
    emptyValue: '(empty)', hiddenRecord: 'a record you cannot see', someone: 'Someone', histCreated: '{who} created it', histChanged: '{who} changed {fields}', histDeleted: '{who} deleted it', histRestored: '{who} restored it', changedBy: 'Changed by', oldValue: 'Old value', newValue: 'New value', action_create: 'Created', action_update: 'Changed', action_delete: 'Deleted', action_restore: 'Restored', action_view: 'Viewed', action_merge: 'Merged', action_convert: 'Converted', action_login: 'Signed in', action_logout: 'Signed out', action_access: 'Access changed', action_deploy: 'Metadata deployed', action_handover: 'Records handed over', action_approval: 'Approval', action_package: 'Package', action_export: 'Exported', action_import: 'Imported',
    openLink: 'Open',
    kanbanKeys: 'Arrow keys move between cards; Shift+← or Shift+→ moves the focused card to the next column.',
    myPipeline: 'My open deals', recentRecords: 'Recently opened', hello: 'Hello, {name}', nDeals: { one: '{n} deal', other: '{n} deals' }, nOverdue: { one: '{n} task overdue', other: '{n} tasks overdue' }, nothingDue: 'Nothing due. Well done.', allMyTasks: 'All my tasks', noRecent: 'Records you open appear here.', reminder: 'Reminder',
    operator: 'Operator', opContains: 'contains', opIs: 'is', opIsNot: 'is not', opOn: 'on', opAfter: 'after', opBefore: 'before', opOnOrAfter: 'on or after', opOnOrBefore: 'on or before', opGt: 'greater than', opLt: 'less than', opGe: 'at least', opLe: 'at most', opEmpty: 'is empty', opNotEmpty: 'is not empty', aDate: 'a date…', rel_today: 'today', rel_yesterday: 'yesterday', rel_tomorrow: 'tomorrow', rel_this_week: 'this week', rel_this_month: 'this month', rel_last_month: 'last month', rel_this_year: 'this year', rel_last_n_days_7: 'the last 7 days', rel_last_n_days_30: 'the last 30 days', rel_next_n_days_30: 'the next 30 days',
    viewAll: 'View all ({n})',
  },
  es: {
    packages: 'Paquetes', packagesHelp: 'Los paquetes aportan soluciones completas: objetos, reglas, flujos, accesos y datos de ejemplo. Sus propios cambios siguen siendo suyos: una actualización los conserva y le pregunta donde el paquete y usted cambiaron lo mismo.', install: 'Instalar', upgradeTo: 'Actualizar a {v}', uninstall: 'Desinstalar', notInstalled: 'No instalado', installedVersion: 'Instalado: {v}', withSampleData: 'Con datos de ejemplo', planFor: '{what}: el plan', changesN: { one: '{n} cambio en los metadatos', other: '{n} cambios en los metadatos' }, decisionsHelp: 'Elija para cada punto: conservar lo que tiene su organización o tomar lo del paquete.', keepMine: 'Conservar lo nuestro', takePackage: 'Tomar lo del paquete', applyPlan: 'Aplicar', yourChanges: 'Sus cambios', noCustomizations: 'No ha cambiado nada de lo que instaló este paquete.', accessChanges: 'Accesos', readme: 'Acerca de este paquete', packageApplied: 'Hecho: {what}',
    signIn: 'Iniciar sesión', tenant: 'Organización', email: 'Correo electrónico', password: 'Contraseña', signOut: 'Cerrar sesión', search: 'Buscar',
    home: 'Inicio', myTasks: 'Mis tareas', notifications: 'Notificaciones', noNotifications: 'Nada nuevo.', markRead: 'Marcar como leída',
    new: 'Nuevo', edit: 'Editar', delete: 'Eliminar', save: 'Guardar', cancel: 'Cancelar', close: 'Cerrar', apply: 'Aplicar', add: 'Añadir', remove: 'Quitar',
    list: 'Lista', kanban: 'Kanban', calendar: 'Calendario', filter: 'Filtro', addCondition: 'Añadir condición', clearFilter: 'Borrar',
    loadMore: 'Cargar más', records: { one: '{n} registro', other: '{n} registros' }, noRecords: 'Todavía no hay registros.', exportCsv: 'Exportar CSV', selected: { one: '{n} seleccionado', other: '{n} seleccionados' },
    merge: 'Fusionar', addrStreet: 'Calle', addrPostalCode: 'Código postal', addrCity: 'Ciudad', addrRegion: 'Región', addrCountry: 'País', mergeTitle: 'Fusionar {n} registros', keepWhich: 'Conservar este; los demás se fusionan en él y van a la papelera', merged: 'Fusionados.', createNew: 'Crear nuevo', useExisting: 'Usar {title}', dontCreate: 'No crear', converted: 'Convertido.', likelyDuplicates: 'Puede que ya exista:', saveAnyway: 'Guardar de todos modos', matchedBy: 'coincide por {rules}', notConvertible: 'Este registro no se puede convertir en su estado actual.',
    deleteSelected: 'Eliminar seleccionados', confirmDelete: '¿Eliminar este registro?', confirmDeleteN: '¿Eliminar {n} registros?', deleted: 'Eliminado.',
    saved: 'Guardado.', savedView: 'Vistas guardadas', saveView: 'Guardar vista', viewName: 'Nombre de la vista', shared: 'Compartida con todos', personal: 'Solo yo',
    details: 'Detalles', related: 'Relacionados', suggested: 'Sugerencias', hierarchy: 'Jerarquía', print: 'Imprimir', timeline: 'Cronología', history: 'Historial de campos', approvals: 'Aprobaciones', actions: 'Acciones',
    approve: 'Aprobar', reject: 'Rechazar', comment: 'Comentario', submitApproval: 'Enviar a aprobación', run: 'Ejecutar',
    required: 'es obligatorio', tooLong: 'tiene más de {n} caracteres', notNumber: 'debe ser un número', notEmail: 'debe ser un correo electrónico',
    conflict: 'Otra persona cambió este registro mientras lo editaba.', reload: 'Recargar', fixErrors: 'Corrija los campos marcados.',
    yes: 'Sí', no: 'No', none: '—', choose: 'Elegir…', today: 'Hoy', prev: 'Anterior', next: 'Siguiente', moveTo: 'Mover a',
    admin: 'Configuración', objects: 'Gestor de objetos', newEntity: 'Nuevo objeto', apiName: 'Nombre API', label: 'Etiqueta', pluralLabel: 'Etiqueta plural',
    fields: 'Campos', newField: 'Nuevo campo', type: 'Tipo', target: 'Objeto relacionado', values: 'Valores', value: 'Valor', expression: 'Expresión',
    returns: 'Tipo de resultado', currency: 'Moneda', plan: 'Plan de despliegue', planEmpty: 'No hace falta cambiar la base de datos.', dataLoss: 'Este cambio puede perder datos.',
    confirmDataLoss: 'Lo entiendo, aplicar', deploy: 'Desplegar', layout: 'Diseño', section: 'Sección', addSection: 'Añadir sección',
    moveUp: 'Subir', moveDown: 'Bajar', moveLeft: 'Sección anterior', moveRight: 'Sección siguiente', unplaced: 'Fuera del diseño',
    pickFromList: 'Elija un registro de la lista (o borre el texto)',
    moreFields: 'Más campos',
    rules: 'Reglas', newRule: 'Nueva regla', kind: 'Tipo', field: 'Campo', message: 'Mensaje', source: 'Script', testRule: 'Probar con un registro',
    workflows: 'Flujos de trabajo', newWorkflow: 'Nuevo flujo', trigger: 'Cuando', condition: 'Condición (filtro)', createRecord: 'Crear un registro',
    updateRecord: 'Actualizar este registro', notify: 'Notificar', users: 'Usuarios', permissionSets: 'Conjuntos de permisos', adminPermissions: 'Administración', perm_manageUsers: 'Crear usuarios y desactivarlos (sus registros pasan a un sucesor); dar roles iguales o inferiores al propio y conjuntos de permisos hasta lo que usted tiene. No administradores, ni su propio acceso.', perm_manageAccess: 'Roles, grupos, conjuntos de permisos y reglas de uso compartido, nunca más allá de lo que usted tiene: una regla exige que usted vea todo ese objeto; los equipos son para administradores.', perm_manageMetadata: 'Cambiar objetos, campos, reglas y flujos. Equivale a leer todos los datos: una regla o un flujo recorre cada registro y puede enviarlo fuera (un webhook, un correo). Concédalo solo a quien mostraría todos los registros.', perm_viewAudit: 'Leer la auditoría: quién hizo qué y cuándo, con los cambios de los campos que usted puede leer. La retención es para administradores.', roles: 'Roles', newUser: 'Nuevo usuario',
    displayName: 'Nombre', isAdmin: 'Administrador', read: 'Leer', create: 'Crear', editPerm: 'Editar', deletePerm: 'Eliminar', fieldAccess: 'Acceso a campos',
    audit: 'Registro de auditoría', deployments: 'Despliegues', rollback: 'Volver a esta versión', plugins: 'Complementos', upload: 'Subir complemento',
    enable: 'Activar', disable: 'Desactivar', settings: 'Ajustes', grantAccess: 'Conceder el acceso que necesita', pluginsOperatorOnly: 'Instalar y quitar complementos afecta a todas las organizaciones de la plataforma, por eso lo hacen los operadores de la plataforma. Aquí los activa y configura para su organización.', state: 'Estado', version: 'Versión',
    language: 'Idioma', when: 'Cuándo', who: 'Quién', what: 'Qué', explain: 'Explicar acceso', views: 'Vistas', columns: 'Columnas',
    kanbanField: 'Kanban por', calendarField: 'Calendario por', saveLayout: 'Guardar diseño', unknownError: 'Algo salió mal.',
    result: 'Resultado', ok: 'Correcto', plannedSteps: 'Pasos', noChange: 'Nada que cambiar.', created: 'Creado.', onCreate: 'se crea',
    onUpdate: 'se actualiza', onDelete: 'se elimina', manual: 'se pulsa un botón', taskSubject: 'Asunto de la tarea', due: 'Vence en días',
    processes: 'Procesos', stateMachines: 'Cambios de etapa permitidos', approvalProcesses: 'Procesos de aprobación', initialValues: 'Un registro puede empezar como', step: 'Paso', approver: 'Aprobador', ownersManager: 'Responsable del propietario', needPicklist: 'Añada primero un campo de lista.', deactivate: 'Desactivar', successor: 'Traspasar registros a', dryRun: 'Vista previa', indexed: 'Indexado', unique: 'Único', searchable: 'Buscable', inactive: 'Inactivo', remindAfter: 'Recordar tras (h)', escalateAfter: 'Escalar tras (h)', escalateTo: 'Escalar a', object: 'Objeto', verifyChain: 'Verificar la cadena', chainIntact: 'La cadena de auditoría está intacta.', scriptOk: 'El script es válido.', navObjects: 'Objetos', assignTo: 'Propietario', viewAll: 'Todos los registros', bulkEdit: 'Editar seleccionados', setField: 'Poner campo', to: 'a', syntaxOk: 'La expresión es válida.',
    reports: 'Informes', dashboards: 'Paneles', newReport: 'Nuevo informe', noReports: 'Aún no hay informes.', reportType_summary: 'Resumen', reportType_matrix: 'Matriz', reportType_tabular: 'Tabla', chart: 'Gráfico', chart_bar: 'Barras', chart_column: 'Columnas', chart_line: 'Líneas', chart_pie: 'Circular', chart_donut: 'Anillo', chart_funnel: 'Embudo', chart_pareto: 'Pareto', chart_kpi: 'KPI', chart_gauge: 'Indicador', chart_table: 'Solo tabla', name: 'Nombre', exportXlsx: 'Exportar XLSX', exportFailed: 'La exportación falló.', notFound: 'No encontrado.', total: 'Total', ranAt: 'Ejecutado: {at}', computedAt: 'Calculado: {at}', weekOf: 'Semana del {d}', emptyGroup: '(vacío)', aggCount: 'Registros', agg_count: 'Recuento de {f}', agg_count_distinct: '{f} distintos', agg_sum: 'Suma de {f}', agg_avg: 'Promedio de {f}', agg_min: 'Mínimo de {f}', agg_max: 'Máximo de {f}', op_count: 'Recuento', op_count_distinct: 'Recuento distinto', op_sum: 'Suma', op_avg: 'Promedio', op_min: 'Mínimo', op_max: 'Máximo', ofTarget: '{n}% del objetivo', matrixRows: 'Filas', matrixColumns: 'Columnas', groupBy: 'Agrupar por ({n})', bucket_day: 'Día', bucket_week: 'Semana', bucket_month: 'Mes', bucket_quarter: 'Trimestre', bucket_year: 'Año', bucket_fiscal_quarter: 'Trimestre fiscal', bucket_fiscal_year: 'Año fiscal', aggregate: 'Resumir', addGrouping: 'Añadir agrupación', addAggregate: 'Añadir resumen', sort: 'Orden', topN: 'Primeros N', sortByGroup: 'Por grupo', builderHint: 'Elija una agrupación y un resumen para ver el informe.', apiNameHint: 'Use minúsculas, dígitos y _, empezando por una letra.', saveReport: 'Guardar informe', dashboard: 'Panel', newDashboard: 'Nuevo panel…', addToDashboard: 'Guardar y añadir al panel', components: { one: '{n} gráfico', other: '{n} gráficos' }, noDashboards: 'Aún no hay paneles.', everyone: 'Todos', dateFrom: 'Desde', dateTo: 'Hasta', owner: 'Propietario', createdAt: 'Creado', refresh: 'Actualizar', editLayout: 'Organizar', size: 'Tamaño', size_small: 'Pequeño', size_medium: 'Mediano', size_large: 'Grande',
    updatedAt: 'Modificado', createdBy: 'Creado por', updatedBy: 'Modificado por',
    team: 'Equipo', allTeams: 'Todos los equipos',
    import: 'Importar', importInto: 'Importar en', importHelp: 'Un archivo CSV o Excel (XLSX) con una fila de encabezados. Compruebe en la vista previa cómo se lee cada columna antes de empezar; las filas que fallen se listan con el motivo, para corregirlas e importarlas de nuevo. Una importación terminada se puede deshacer.', chooseFile: 'Elegir archivo…', recentImports: 'Importaciones recientes', importStatus_draft: 'sin empezar', importStatus_running: 'importando', importStatus_done: 'terminado', importStatus_undone: 'deshecho', importCounts: '{c} creados, {u} actualizados, {e} con error', doNotImport: '— no importar', column: 'Columna', example: 'Primera fila', field: 'Campo', importMode: 'Registros', modeCreate: 'crear nuevos', modeUpdate: 'actualizar existentes', modeUpsert: 'actualizar o crear', matchBy: 'Coincidir por', encoding: 'Codificación', delimiter: 'Separador', dateFormat: 'Fechas', decimalSeparator: 'Números', preview: 'Vista previa', problems: 'Problemas', startImport: 'Empezar la importación', downloadErrors: 'Descargar las filas con error', undoImport: 'Deshacer esta importación', importUndone: { one: 'Deshecho: {n} registro', other: 'Deshecho: {n} registros' },
    attachments: 'Adjuntos', attachFiles: 'Adjuntar archivos', attached: 'Adjuntado: {name}', fileTooLarge: 'El archivo supera los 25 MB.', noAttachments: 'Aún no hay archivos.', confirmRemoveFile: '¿Quitar {name}?',
    preferences: 'Sus preferencias', timeZone: 'Zona horaria', browserZone: 'La del navegador',
    emptyValue: '(vacío)', hiddenRecord: 'un registro que no puede ver', someone: 'Alguien', histCreated: '{who} lo creó', histChanged: '{who} cambió {fields}', histDeleted: '{who} lo eliminó', histRestored: '{who} lo restauró', changedBy: 'Cambiado por', oldValue: 'Valor anterior', newValue: 'Valor nuevo', action_create: 'Creado', action_update: 'Modificado', action_delete: 'Eliminado', action_restore: 'Restaurado', action_view: 'Visto', action_merge: 'Fusionado', action_convert: 'Convertido', action_login: 'Inició sesión', action_logout: 'Cerró sesión', action_access: 'Acceso modificado', action_deploy: 'Metadatos desplegados', action_handover: 'Registros traspasados', action_approval: 'Aprobación', action_package: 'Paquete', action_export: 'Exportado', action_import: 'Importado',
    openLink: 'Abrir',
    kanbanKeys: 'Las flechas recorren las tarjetas; Mayús+← o Mayús+→ mueve la tarjeta enfocada a la columna contigua.',
    myPipeline: 'Mis oportunidades abiertas', recentRecords: 'Abiertos recientemente', hello: 'Hola, {name}', nDeals: { one: '{n} oportunidad', other: '{n} oportunidades' }, nOverdue: { one: '{n} tarea vencida', other: '{n} tareas vencidas' }, nothingDue: 'Nada pendiente.', allMyTasks: 'Todas mis tareas', noRecent: 'Aquí aparecen los registros que abra.', reminder: 'Recordatorio',
    operator: 'Operador', opContains: 'contiene', opIs: 'es', opIsNot: 'no es', opOn: 'el día', opAfter: 'después de', opBefore: 'antes de', opOnOrAfter: 'desde', opOnOrBefore: 'hasta', opGt: 'mayor que', opLt: 'menor que', opGe: 'al menos', opLe: 'como máximo', opEmpty: 'está vacío', opNotEmpty: 'no está vacío', aDate: 'una fecha…', rel_today: 'hoy', rel_yesterday: 'ayer', rel_tomorrow: 'mañana', rel_this_week: 'esta semana', rel_this_month: 'este mes', rel_last_month: 'el mes pasado', rel_this_year: 'este año', rel_last_n_days_7: 'los últimos 7 días', rel_last_n_days_30: 'los últimos 30 días', rel_next_n_days_30: 'los próximos 30 días',
    viewAll: 'Ver todos ({n})',
  },
  'zh-CN': {
    packages: '软件包', packagesHelp: '软件包提供完整的解决方案：对象、规则、工作流、访问权限和示例数据。您自己的更改始终属于您：升级会保留它们，并在软件包与您更改了同一处时询问您。', install: '安装', upgradeTo: '升级到 {v}', uninstall: '卸载', notInstalled: '未安装', installedVersion: '已安装：{v}', withSampleData: '包含示例数据', planFor: '{what}：计划', changesN: '元数据有 {n} 处更改', decisionsHelp: '请为每一项选择：保留本组织的内容，或采用软件包的内容。', keepMine: '保留我们的', takePackage: '采用软件包的', applyPlan: '应用', yourChanges: '您的更改', noCustomizations: '您没有更改此软件包安装的任何内容。', accessChanges: '访问权限', readme: '关于此软件包', packageApplied: '已完成：{what}',
    signIn: '登录', tenant: '租户', email: '电子邮件', password: '密码', signOut: '退出', search: '搜索',
    home: '首页', myTasks: '我的任务', notifications: '通知', noNotifications: '没有新消息。', markRead: '标为已读',
    new: '新建', edit: '编辑', delete: '删除', save: '保存', cancel: '取消', close: '关闭', apply: '应用', add: '添加', remove: '移除',
    list: '列表', kanban: '看板', calendar: '日历', filter: '筛选', addCondition: '添加条件', clearFilter: '清除',
    loadMore: '加载更多', records: '{n} 条记录', noRecords: '还没有记录。', exportCsv: '导出 CSV', selected: '已选 {n} 条',
    merge: '合并', addrStreet: '街道', addrPostalCode: '邮编', addrCity: '城市', addrRegion: '省/州', addrCountry: '国家', mergeTitle: '合并 {n} 条记录', keepWhich: '保留这一条；其他记录合并进来并移入回收站', merged: '已合并。', createNew: '新建', useExisting: '使用 {title}', dontCreate: '不创建', converted: '已转换。', likelyDuplicates: '可能已存在：', saveAnyway: '仍然保存', matchedBy: '匹配规则：{rules}', notConvertible: '此记录在当前状态下无法转换。',
    deleteSelected: '删除所选', confirmDelete: '删除这条记录？', confirmDeleteN: '删除 {n} 条记录？', deleted: '已删除。',
    saved: '已保存。', savedView: '已保存的视图', saveView: '保存视图', viewName: '视图名称', shared: '所有人可见', personal: '仅自己',
    details: '详细信息', related: '相关记录', suggested: '推荐', hierarchy: '层级', print: '打印', timeline: '时间线', history: '字段历史', approvals: '审批', actions: '操作',
    approve: '批准', reject: '拒绝', comment: '备注', submitApproval: '提交审批', run: '运行',
    required: '为必填项', tooLong: '超过 {n} 个字符', notNumber: '必须是数字', notEmail: '必须是电子邮件地址',
    conflict: '在您编辑期间，其他人修改了这条记录。', reload: '重新加载', fixErrors: '请更正标出的字段。',
    yes: '是', no: '否', none: '—', choose: '请选择…', today: '今天', prev: '上一页', next: '下一页', moveTo: '移动到',
    admin: '设置', objects: '对象管理器', newEntity: '新建对象', apiName: 'API 名称', label: '标签', pluralLabel: '复数标签',
    fields: '字段', newField: '新建字段', type: '类型', target: '相关对象', values: '选项值', value: '值', expression: '表达式',
    returns: '结果类型', currency: '货币', plan: '部署计划', planEmpty: '无需更改数据库。', dataLoss: '此更改可能丢失数据。',
    confirmDataLoss: '我已了解，继续应用', deploy: '部署', layout: '页面布局', section: '分区', addSection: '添加分区',
    moveUp: '上移', moveDown: '下移', moveLeft: '上一个分区', moveRight: '下一个分区', unplaced: '未放入布局',
    pickFromList: '请从列表中选择一条记录（或清空文本）',
    moreFields: '更多字段',
    rules: '规则', newRule: '新建规则', kind: '种类', field: '字段', message: '提示信息', source: '脚本', testRule: '用记录测试',
    workflows: '工作流', newWorkflow: '新建工作流', trigger: '触发条件', condition: '条件（筛选）', createRecord: '创建记录',
    updateRecord: '更新此记录', notify: '通知', users: '用户', permissionSets: '权限集', adminPermissions: '管理', perm_manageUsers: '创建和停用用户（其记录移交给继任者）；只能授予不高于自己的角色和不超过自己所拥有的权限集。不能管理管理员，也不能修改自己的权限。', perm_manageAccess: '角色、组、权限集和共享规则，但不能超出自己所拥有的：共享规则要求您自己能查看该对象的全部记录；团队只能由管理员建立。', perm_manageMetadata: '修改对象、字段、规则和工作流。这相当于可以读取全部数据：规则或工作流会处理每条记录，并可将其发送出去（Webhook、电子邮件）。只授予您愿意向其展示所有记录的人。', perm_viewAudit: '查看审计日志：谁在何时做了什么，以及您有权读取的字段的变更。保留期限由管理员设置。', roles: '角色', newUser: '新建用户',
    displayName: '姓名', isAdmin: '管理员', read: '读取', create: '创建', editPerm: '编辑', deletePerm: '删除', fieldAccess: '字段权限',
    audit: '审计日志', deployments: '部署记录', rollback: '回滚到此版本', plugins: '插件', upload: '上传插件',
    enable: '启用', disable: '停用', settings: '设置', grantAccess: '授予所需的访问权限', pluginsOperatorOnly: '安装和删除插件会影响平台上的所有组织，因此由平台运维人员操作。您可以在此为本组织启用和配置插件。', state: '状态', version: '版本',
    language: '语言', when: '时间', who: '用户', what: '内容', explain: '解释权限', views: '视图', columns: '列',
    kanbanField: '看板字段', calendarField: '日历字段', saveLayout: '保存布局', unknownError: '出错了。',
    result: '结果', ok: '正常', plannedSteps: '步骤', noChange: '没有需要更改的内容。', created: '已创建。', onCreate: '创建时',
    onUpdate: '更新时', onDelete: '删除时', manual: '点击按钮时', taskSubject: '任务主题', due: '几天后到期',
    processes: '流程', stateMachines: '允许的阶段变化', approvalProcesses: '审批流程', initialValues: '记录的初始值可以是', step: '步骤', approver: '审批人', ownersManager: '所有者的经理', needPicklist: '请先添加选项列表字段。', deactivate: '停用', successor: '移交记录给', dryRun: '预览', indexed: '索引', unique: '唯一', searchable: '可搜索', inactive: '已停用', remindAfter: '提醒（小时后）', escalateAfter: '升级（小时后）', escalateTo: '升级给', object: '对象', verifyChain: '校验哈希链', chainIntact: '审计链完整。', scriptOk: '脚本有效。', navObjects: '对象', assignTo: '所有者', viewAll: '全部记录', bulkEdit: '批量编辑', setField: '设置字段', to: '为', syntaxOk: '表达式有效。',
    reports: '报表', dashboards: '仪表板', newReport: '新建报表', noReports: '还没有报表。', reportType_summary: '汇总', reportType_matrix: '矩阵', reportType_tabular: '表格', chart: '图表', chart_bar: '条形图', chart_column: '柱状图', chart_line: '折线图', chart_pie: '饼图', chart_donut: '环形图', chart_funnel: '漏斗图', chart_pareto: '帕累托图', chart_kpi: '关键指标', chart_gauge: '仪表盘', chart_table: '仅表格', name: '名称', exportXlsx: '导出 XLSX', exportFailed: '导出失败。', notFound: '未找到。', total: '合计', ranAt: '运行于 {at}', computedAt: '计算于 {at}', weekOf: '{d} 当周', emptyGroup: '（空）', aggCount: '记录数', agg_count: '{f} 计数', agg_count_distinct: '不同 {f} 数', agg_sum: '{f} 合计', agg_avg: '{f} 平均值', agg_min: '{f} 最小值', agg_max: '{f} 最大值', op_count: '计数', op_count_distinct: '去重计数', op_sum: '合计', op_avg: '平均值', op_min: '最小值', op_max: '最大值', ofTarget: '达成目标的 {n}%', matrixRows: '行', matrixColumns: '列', groupBy: '分组 ({n})', bucket_day: '日', bucket_week: '周', bucket_month: '月', bucket_quarter: '季度', bucket_year: '年', bucket_fiscal_quarter: '财季', bucket_fiscal_year: '财年', aggregate: '汇总方式', addGrouping: '添加分组', addAggregate: '添加汇总', sort: '排序', topN: '前 N 项', sortByGroup: '按分组', builderHint: '选择分组和汇总方式即可预览报表。', apiNameHint: '请使用小写字母、数字和 _，并以字母开头。', saveReport: '保存报表', dashboard: '仪表板', newDashboard: '新建仪表板…', addToDashboard: '保存并添加到仪表板', components: '{n} 个图表', noDashboards: '还没有仪表板。', everyone: '所有人', dateFrom: '从', dateTo: '至', owner: '负责人', createdAt: '创建时间', refresh: '刷新', editLayout: '调整布局', size: '大小', size_small: '小', size_medium: '中', size_large: '大',
    updatedAt: '修改时间', createdBy: '创建人', updatedBy: '修改人',
    team: '团队', allTeams: '所有团队',
    import: '导入', importInto: '导入到', importHelp: '带表头行的 CSV 或 Excel（XLSX）文件。开始前请在预览中检查每列的读取方式；失败的行会连同原因列出，修正后可再次导入。已完成的导入可以撤销。', chooseFile: '选择文件…', recentImports: '最近的导入', importStatus_draft: '未开始', importStatus_running: '导入中', importStatus_done: '已完成', importStatus_undone: '已撤销', importCounts: '新建 {c}，更新 {u}，失败 {e}', doNotImport: '— 不导入', column: '列', example: '第一行', field: '字段', importMode: '记录', modeCreate: '新建', modeUpdate: '更新现有', modeUpsert: '更新或新建', matchBy: '匹配依据', encoding: '编码', delimiter: '分隔符', dateFormat: '日期', decimalSeparator: '数字', preview: '预览', problems: '问题', startImport: '开始导入', downloadErrors: '下载失败的行', undoImport: '撤销此次导入', importUndone: '已撤销：{n} 条记录',
    attachments: '附件', attachFiles: '添加附件', attached: '已添加：{name}', fileTooLarge: '文件超过 25 MB。', noAttachments: '还没有文件。', confirmRemoveFile: '删除 {name}？',
    preferences: '个人设置', timeZone: '时区', browserZone: '跟随浏览器',
    emptyValue: '（空）', hiddenRecord: '您无权查看的记录', someone: '某人', histCreated: '{who} 创建了此记录', histChanged: '{who} 修改了{fields}', histDeleted: '{who} 删除了此记录', histRestored: '{who} 恢复了此记录', changedBy: '修改人', oldValue: '原值', newValue: '新值', action_create: '创建', action_update: '修改', action_delete: '删除', action_restore: '恢复', action_view: '查看', action_merge: '合并', action_convert: '转换', action_login: '登录', action_logout: '退出', action_access: '权限变更', action_deploy: '元数据部署', action_handover: '记录移交', action_approval: '审批', action_package: '软件包', action_export: '导出', action_import: '导入',
    openLink: '打开',
    kanbanKeys: '方向键在卡片间移动；Shift+← 或 Shift+→ 将当前卡片移到相邻列。',
    myPipeline: '我的进行中商机', recentRecords: '最近打开', hello: '您好，{name}', nDeals: '{n} 个商机', nOverdue: '{n} 项任务已逾期', nothingDue: '没有待办任务。', allMyTasks: '我的全部任务', noRecent: '您打开的记录会显示在这里。', reminder: '提醒',
    operator: '运算符', opContains: '包含', opIs: '等于', opIsNot: '不等于', opOn: '在', opAfter: '晚于', opBefore: '早于', opOnOrAfter: '不早于', opOnOrBefore: '不晚于', opGt: '大于', opLt: '小于', opGe: '大于等于', opLe: '小于等于', opEmpty: '为空', opNotEmpty: '不为空', aDate: '指定日期…', rel_today: '今天', rel_yesterday: '昨天', rel_tomorrow: '明天', rel_this_week: '本周', rel_this_month: '本月', rel_last_month: '上月', rel_this_year: '今年', rel_last_n_days_7: '最近 7 天', rel_last_n_days_30: '最近 30 天', rel_next_n_days_30: '未来 30 天',
    viewAll: '查看全部（{n}）',
  },
  ru: {
    packages: 'Пакеты', packagesHelp: 'Пакеты приносят готовые решения: объекты, правила, процессы, доступ и примеры данных. Ваши изменения остаются вашими: обновление сохраняет их и спрашивает вас там, где пакет и вы изменили одно и то же.', install: 'Установить', upgradeTo: 'Обновить до {v}', uninstall: 'Удалить', notInstalled: 'Не установлен', installedVersion: 'Установлен: {v}', withSampleData: 'С примерами данных', planFor: '{what}: план', changesN: 'Изменений в метаданных: {n}', decisionsHelp: 'Выберите для каждого пункта: оставить то, что есть в организации, или взять из пакета.', keepMine: 'Оставить наше', takePackage: 'Взять из пакета', applyPlan: 'Применить', yourChanges: 'Ваши изменения', noCustomizations: 'Вы ничего не меняли из того, что установил этот пакет.', accessChanges: 'Доступ', readme: 'Об этом пакете', packageApplied: 'Готово: {what}',
    signIn: 'Войти', tenant: 'Организация', email: 'Эл. почта', password: 'Пароль', signOut: 'Выйти', search: 'Поиск',
    home: 'Главная', myTasks: 'Мои задачи', notifications: 'Уведомления', noNotifications: 'Ничего нового.', markRead: 'Прочитано',
    new: 'Создать', edit: 'Изменить', delete: 'Удалить', save: 'Сохранить', cancel: 'Отмена', close: 'Закрыть', apply: 'Применить', add: 'Добавить', remove: 'Убрать',
    list: 'Список', kanban: 'Канбан', calendar: 'Календарь', filter: 'Фильтр', addCondition: 'Добавить условие', clearFilter: 'Сбросить',
    loadMore: 'Показать ещё', records: 'Записей: {n}', noRecords: 'Записей пока нет.', exportCsv: 'Экспорт CSV', selected: 'Выбрано: {n}',
    merge: 'Объединить', addrStreet: 'Улица', addrPostalCode: 'Индекс', addrCity: 'Город', addrRegion: 'Регион', addrCountry: 'Страна', mergeTitle: 'Объединить записи: {n}', keepWhich: 'Оставить эту; остальные объединяются с ней и попадают в корзину', merged: 'Объединено.', createNew: 'Создать новую', useExisting: 'Использовать {title}', dontCreate: 'Не создавать', converted: 'Конвертировано.', likelyDuplicates: 'Возможно, уже существует:', saveAnyway: 'Всё равно сохранить', matchedBy: 'совпадение: {rules}', notConvertible: 'Эту запись нельзя конвертировать в текущем состоянии.',
    deleteSelected: 'Удалить выбранные', confirmDelete: 'Удалить эту запись?', confirmDeleteN: 'Удалить записи ({n})?', deleted: 'Удалено.',
    saved: 'Сохранено.', savedView: 'Сохранённые представления', saveView: 'Сохранить представление', viewName: 'Название', shared: 'Для всех', personal: 'Только для меня',
    details: 'Подробности', related: 'Связанные', suggested: 'Рекомендуемое', hierarchy: 'Иерархия', print: 'Печать', timeline: 'Хронология', history: 'История полей', approvals: 'Согласования', actions: 'Действия',
    approve: 'Согласовать', reject: 'Отклонить', comment: 'Комментарий', submitApproval: 'Отправить на согласование', run: 'Запустить',
    required: 'обязательно', tooLong: 'длиннее {n} символов', notNumber: 'должно быть числом', notEmail: 'должно быть адресом эл. почты',
    conflict: 'Пока вы редактировали, запись изменил кто-то другой.', reload: 'Обновить', fixErrors: 'Исправьте отмеченные поля.',
    yes: 'Да', no: 'Нет', none: '—', choose: 'Выберите…', today: 'Сегодня', prev: 'Назад', next: 'Вперёд', moveTo: 'Переместить в',
    admin: 'Настройка', objects: 'Менеджер объектов', newEntity: 'Новый объект', apiName: 'API-имя', label: 'Название', pluralLabel: 'Во множественном числе',
    fields: 'Поля', newField: 'Новое поле', type: 'Тип', target: 'Связанный объект', values: 'Значения', value: 'Значение', expression: 'Выражение',
    returns: 'Тип результата', currency: 'Валюта', plan: 'План развёртывания', planEmpty: 'Изменять базу данных не нужно.', dataLoss: 'Это изменение может удалить данные.',
    confirmDataLoss: 'Понимаю, применить', deploy: 'Развернуть', layout: 'Макет', section: 'Раздел', addSection: 'Добавить раздел',
    moveUp: 'Выше', moveDown: 'Ниже', moveLeft: 'В предыдущий раздел', moveRight: 'В следующий раздел', unplaced: 'Вне макета',
    pickFromList: 'Выберите запись из списка (или очистите поле)',
    moreFields: 'Другие поля',
    rules: 'Правила', newRule: 'Новое правило', kind: 'Вид', field: 'Поле', message: 'Сообщение', source: 'Скрипт', testRule: 'Проверить на записи',
    workflows: 'Процессы', newWorkflow: 'Новый процесс', trigger: 'Когда', condition: 'Условие (фильтр)', createRecord: 'Создать запись',
    updateRecord: 'Изменить эту запись', notify: 'Уведомить', users: 'Пользователи', permissionSets: 'Наборы прав', adminPermissions: 'Администрирование', perm_manageUsers: 'Создавать пользователей и отключать их (записи переходят преемнику); давать роли не выше своей и наборы прав не больше своих. Не администраторов и не свой собственный доступ.', perm_manageAccess: 'Роли, группы, наборы прав и правила доступа, но не больше, чем есть у вас: для правила нужно видеть все записи объекта самому; команды создают администраторы.', perm_manageMetadata: 'Менять объекты, поля, правила и процессы. Это равносильно чтению всех данных: правило или процесс проходит по каждой записи и может отправить её наружу (вебхук, письмо). Давайте только тем, кому показали бы все записи.', perm_viewAudit: 'Читать журнал аудита: кто, что и когда сделал, с изменениями полей, которые вы можете читать. Срок хранения задают администраторы.', roles: 'Роли', newUser: 'Новый пользователь',
    displayName: 'Имя', isAdmin: 'Администратор', read: 'Чтение', create: 'Создание', editPerm: 'Изменение', deletePerm: 'Удаление', fieldAccess: 'Доступ к полям',
    audit: 'Журнал аудита', deployments: 'Развёртывания', rollback: 'Откатить к этой версии', plugins: 'Плагины', upload: 'Загрузить плагин',
    enable: 'Включить', disable: 'Выключить', settings: 'Настройки', grantAccess: 'Дать нужный доступ', pluginsOperatorOnly: 'Установка и удаление плагинов затрагивает все организации платформы, поэтому это делают операторы платформы. Здесь вы включаете и настраиваете их для своей организации.', state: 'Состояние', version: 'Версия',
    language: 'Язык', when: 'Когда', who: 'Кто', what: 'Что', explain: 'Объяснить доступ', views: 'Представления', columns: 'Столбцы',
    kanbanField: 'Канбан по полю', calendarField: 'Календарь по полю', saveLayout: 'Сохранить макет', unknownError: 'Что-то пошло не так.',
    result: 'Результат', ok: 'Верно', plannedSteps: 'Шаги', noChange: 'Менять нечего.', created: 'Создано.', onCreate: 'создана',
    onUpdate: 'изменена', onDelete: 'удалена', manual: 'нажата кнопка', taskSubject: 'Тема задачи', due: 'Срок через дней',
    processes: 'Процессы', stateMachines: 'Разрешённые переходы', approvalProcesses: 'Согласования', initialValues: 'Запись может начинаться со значения', step: 'Шаг', approver: 'Согласующий', ownersManager: 'Руководитель владельца', needPicklist: 'Сначала добавьте поле-список.', deactivate: 'Деактивировать', successor: 'Передать записи', dryRun: 'Предпросмотр', indexed: 'Индекс', unique: 'Уникальное', searchable: 'Поиск', inactive: 'Неактивен', remindAfter: 'Напомнить через (ч)', escalateAfter: 'Эскалация через (ч)', escalateTo: 'Эскалировать', object: 'Объект', verifyChain: 'Проверить цепочку', chainIntact: 'Цепочка аудита цела.', scriptOk: 'Скрипт корректен.', navObjects: 'Объекты', assignTo: 'Владелец', viewAll: 'Все записи', bulkEdit: 'Изменить выбранные', setField: 'Поле', to: '=', syntaxOk: 'Выражение корректно.',
    reports: 'Отчёты', dashboards: 'Панели', newReport: 'Новый отчёт', noReports: 'Отчётов пока нет.', reportType_summary: 'Сводный', reportType_matrix: 'Матрица', reportType_tabular: 'Таблица', chart: 'Диаграмма', chart_bar: 'Линейчатая', chart_column: 'Гистограмма', chart_line: 'График', chart_pie: 'Круговая', chart_donut: 'Кольцевая', chart_funnel: 'Воронка', chart_pareto: 'Парето', chart_kpi: 'KPI', chart_gauge: 'Шкала', chart_table: 'Только таблица', name: 'Название', exportXlsx: 'Экспорт XLSX', exportFailed: 'Экспорт не удался.', notFound: 'Не найдено.', total: 'Итого', ranAt: 'Выполнен: {at}', computedAt: 'Рассчитано: {at}', weekOf: 'Неделя с {d}', emptyGroup: '(пусто)', aggCount: 'Записей', agg_count: 'Количество: {f}', agg_count_distinct: 'Различных: {f}', agg_sum: 'Сумма: {f}', agg_avg: 'Среднее: {f}', agg_min: 'Минимум: {f}', agg_max: 'Максимум: {f}', op_count: 'Количество', op_count_distinct: 'Число различных', op_sum: 'Сумма', op_avg: 'Среднее', op_min: 'Минимум', op_max: 'Максимум', ofTarget: '{n}% от цели', matrixRows: 'Строки', matrixColumns: 'Столбцы', groupBy: 'Группировка ({n})', bucket_day: 'День', bucket_week: 'Неделя', bucket_month: 'Месяц', bucket_quarter: 'Квартал', bucket_year: 'Год', bucket_fiscal_quarter: 'Финансовый квартал', bucket_fiscal_year: 'Финансовый год', aggregate: 'Итог', addGrouping: 'Добавить группировку', addAggregate: 'Добавить итог', sort: 'Сортировка', topN: 'Первые N', sortByGroup: 'По группе', builderHint: 'Выберите группировку и итог, чтобы увидеть отчёт.', apiNameHint: 'Используйте строчные латинские буквы, цифры и _, начиная с буквы.', saveReport: 'Сохранить отчёт', dashboard: 'Панель', newDashboard: 'Новая панель…', addToDashboard: 'Сохранить и добавить на панель', components: 'Диаграмм: {n}', noDashboards: 'Панелей пока нет.', everyone: 'Все', dateFrom: 'С', dateTo: 'По', owner: 'Владелец', createdAt: 'Создано', refresh: 'Обновить', editLayout: 'Упорядочить', size: 'Размер', size_small: 'Маленький', size_medium: 'Средний', size_large: 'Большой',
    updatedAt: 'Изменено', createdBy: 'Создал', updatedBy: 'Изменил',
    team: 'Команда', allTeams: 'Все команды',
    import: 'Импорт', importInto: 'Импорт в', importHelp: 'Файл CSV или Excel (XLSX) со строкой заголовков. Перед началом проверьте в предпросмотре, как читается каждый столбец; строки с ошибками перечисляются с причиной, их можно исправить и импортировать снова. Завершённый импорт можно отменить.', chooseFile: 'Выбрать файл…', recentImports: 'Недавние импорты', importStatus_draft: 'не начат', importStatus_running: 'идёт импорт', importStatus_done: 'завершён', importStatus_undone: 'отменён', importCounts: 'создано {c}, обновлено {u}, ошибок {e}', doNotImport: '— не импортировать', column: 'Столбец', example: 'Первая строка', field: 'Поле', importMode: 'Записи', modeCreate: 'создать новые', modeUpdate: 'обновить существующие', modeUpsert: 'обновить или создать', matchBy: 'Сопоставлять по', encoding: 'Кодировка', delimiter: 'Разделитель', dateFormat: 'Даты', decimalSeparator: 'Числа', preview: 'Предпросмотр', problems: 'Проблемы', startImport: 'Начать импорт', downloadErrors: 'Скачать строки с ошибками', undoImport: 'Отменить этот импорт', importUndone: 'Отменено записей: {n}',
    attachments: 'Вложения', attachFiles: 'Прикрепить файлы', attached: 'Прикреплено: {name}', fileTooLarge: 'Файл больше 25 МБ.', noAttachments: 'Файлов пока нет.', confirmRemoveFile: 'Удалить {name}?',
    preferences: 'Ваши настройки', timeZone: 'Часовой пояс', browserZone: 'Как в браузере',
    emptyValue: '(пусто)', hiddenRecord: 'запись, недоступная вам', someone: 'Кто-то', histCreated: '{who}: создание записи', histChanged: '{who}: изменено — {fields}', histDeleted: '{who}: запись удалена', histRestored: '{who}: запись восстановлена', changedBy: 'Кем изменено', oldValue: 'Было', newValue: 'Стало', action_create: 'Создание', action_update: 'Изменение', action_delete: 'Удаление', action_restore: 'Восстановление', action_view: 'Просмотр', action_merge: 'Объединение', action_convert: 'Преобразование', action_login: 'Вход', action_logout: 'Выход', action_access: 'Изменение доступа', action_deploy: 'Развёртывание метаданных', action_handover: 'Передача записей', action_approval: 'Согласование', action_package: 'Пакет', action_export: 'Экспорт', action_import: 'Импорт',
    openLink: 'Открыть',
    kanbanKeys: 'Стрелки переходят между карточками; Shift+← или Shift+→ переносит выбранную карточку в соседнюю колонку.',
    myPipeline: 'Мои открытые сделки', recentRecords: 'Недавно открытые', hello: 'Здравствуйте, {name}', nDeals: { one: '{n} сделка', few: '{n} сделки', many: '{n} сделок', other: '{n} сделки' }, nOverdue: { one: 'Просрочена {n} задача', few: 'Просрочено {n} задачи', many: 'Просрочено {n} задач', other: 'Просрочено {n} задачи' }, nothingDue: 'Ничего не горит.', allMyTasks: 'Все мои задачи', noRecent: 'Здесь появятся открытые вами записи.', reminder: 'Напоминание',
    operator: 'Условие', opContains: 'содержит', opIs: 'равно', opIsNot: 'не равно', opOn: 'в день', opAfter: 'после', opBefore: 'до', opOnOrAfter: 'начиная с', opOnOrBefore: 'по', opGt: 'больше', opLt: 'меньше', opGe: 'не меньше', opLe: 'не больше', opEmpty: 'пусто', opNotEmpty: 'заполнено', aDate: 'дата…', rel_today: 'сегодня', rel_yesterday: 'вчера', rel_tomorrow: 'завтра', rel_this_week: 'эта неделя', rel_this_month: 'этот месяц', rel_last_month: 'прошлый месяц', rel_this_year: 'этот год', rel_last_n_days_7: 'последние 7 дней', rel_last_n_days_30: 'последние 30 дней', rel_next_n_days_30: 'следующие 30 дней',
    viewAll: 'Показать все ({n})',
  },
};

let current = localStorage.getItem('atrium.locale') || pick(navigator.languages || [navigator.language || 'en']);

function pick(langs) {
  for (const l of langs) {
    if (l.startsWith('zh')) return 'zh-CN';
    const two = l.slice(0, 2);
    if (S[two]) return two;
  }
  return 'en';
}

export function locale() { return current; }

export function setLocale(l) {
  current = S[l] ? l : 'en';
  localStorage.setItem('atrium.locale', current);
  document.documentElement.lang = current;
}

/** A UI string, with {name} placeholders filled. */
export function t(key, vars) {
  let s = (S[current] && S[current][key]) || S.en[key] || key;
  // a string with plural forms picks the one the language's rules ask for: 1 record, 2 records; 21 запись
  if (typeof s === 'object') s = s[new Intl.PluralRules(current).select(Number(vars && vars.n))] || s.other;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, k === 'n' && typeof v === 'number' ? fmtNumber(v) : String(v));
  return s;
}

/** A metadata label in the current language, falling back to English, then to the API name. */
export function label(labels, fallback) {
  if (typeof labels === 'string') return labels;
  if (labels && typeof labels === 'object') return labels[current] || labels[current.slice(0, 2)] || labels.en || fallback;
  return fallback;
}

export function fmtNumber(v, opts) { return new Intl.NumberFormat(current, opts).format(Number(v)); }

export function fmtCurrency(amount, code) {
  if (!code) return fmtNumber(amount, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  try { return new Intl.NumberFormat(current, { style: 'currency', currency: code }).format(Number(amount)); }
  catch { return `${fmtNumber(amount)} ${code || ''}`; }
}

export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

let zone = null;

/** The person's own time zone (from their profile); null: the browser's. */
export function setTimeZone(z) { zone = z || null; }
export function timeZone() { return zone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; }

export function fmtDateTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone() }).format(new Date(iso));
}

setLocale(current);
