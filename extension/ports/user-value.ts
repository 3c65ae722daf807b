// The warning is shared with bbports serve's console; it lives with the other port action texts.
export { userValueWarning } from '../../core/port-view/action-texts';
