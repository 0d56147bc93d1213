export { ensureStyles } from './styles';
export { Icon } from './icons';
export type { IconName } from './icons';
export { Tooltip } from './Tooltip';
export type { TooltipProps } from './Tooltip';
export { useId } from './useId';
