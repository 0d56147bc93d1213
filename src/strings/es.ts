import type { Strings } from './en';

export const es: Strings = {
  LeavePauseLeaveButton: 'Salir',
  LeavePauseLeaveBusy: 'Saliendo…',
  LeavePauseLeaveSuccess: 'Saliste de la conversación. Se creará una nueva tarea cuando el cliente responda.',
  LeavePauseLeaveFailed: 'No se pudo salir de la conversación: {{message}}',
  LeavePausePauseButton: 'Pausar',
  LeavePausePauseBusy: 'Pausando…',
  LeavePausePauseSuccess: 'Conversación en pausa. Reanúdala desde la tarea en pausa cuando quieras.',
  LeavePausePauseFailed: 'No se pudo pausar la conversación: {{message}}',
  LeavePauseResumeButton: 'Reanudar conversación',
  LeavePauseResumeBusy: 'Reanudando…',
  LeavePauseResumeSuccess: 'Conversación reanudada.',
  LeavePauseResumeFailed: 'No se pudo reanudar la conversación: {{message}}',
  LeavePausePausedLabel: 'Conversación en pausa',
  LeavePausePausedAt: 'En pausa {{time}}',
  LeavePauseConfigInvalid: 'Problema de configuración del plugin Leave & Pause: {{problems}}',
  LeavePauseNativeFeatureActive:
    'La función {{feature}} propia de Flex está activada, así que el plugin Leave & Pause no añade su botón {{feature}}.',
};
