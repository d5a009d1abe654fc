export {
  type CockpitTask,
  readTask,
  type TaskStatus,
  type TaskStore,
  taskOfCanary,
  taskOfJob,
} from './task-state.ts';
export { attachTasksExtension, TASKS_EXTENSION } from './tasks-extension.ts';
