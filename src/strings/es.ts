import type { Strings } from './en';

export const es: Strings = {
  LeavePauseLeaveButton: 'Salir',
  LeavePauseLeaveBusy: 'Saliendo…',
  LeavePauseLeaveSuccess: 'Saliste de la conversación. Cuando el cliente responda, se enrutará de nuevo.',
  LeavePauseLeaveFailed: 'No se pudo salir de la conversación: {{message}}',
  LeavePauseLeaveStillWorking:
    'Seguimos en ello… el servicio tarda en responder. Aquí te diremos si saliste de la conversación.',
  LeavePausePauseButton: 'Pausar',
  LeavePausePauseBusy: 'Pausando…',
  LeavePausePauseSuccess: 'Conversación en pausa. Reanúdala desde la tarea en pausa cuando quieras.',
  LeavePausePauseFailed: 'No se pudo pausar la conversación: {{message}}',
  LeavePausePauseStillWorking:
    'Seguimos en ello… el servicio tarda en responder. Aquí te diremos si la conversación quedó en pausa.',
  LeavePauseResumeButton: 'Reanudar conversación',
  LeavePauseResumeBusy: 'Reanudando…',
  LeavePauseResumeSuccess: 'Conversación reanudada.',
  LeavePauseResumeFailed: 'No se pudo reanudar la conversación: {{message}}',
  LeavePauseResumeStillWorking:
    'Seguimos en ello… el servicio tarda en responder. Aquí te diremos si la conversación se reanudó.',
  LeavePauseOutcomeUnknown:
    'El servicio Leave & Pause no confirmó el resultado. Revisa Trabajo en pausa y tu lista de tareas antes de volver a intentarlo.',
  LeavePauseServiceUnreachable:
    'No se puede conectar con el servicio Leave & Pause. Inténtalo de nuevo en un momento.',
  LeavePauseUnexpectedFailure: 'Algo falló en el complemento. Inténtalo de nuevo en un momento.',
  LeavePauseServiceDown:
    'No se puede conectar con el servicio Leave & Pause: Salir, Pausar y Reanudar no están disponibles hasta que vuelva.',
  LeavePauseServiceBack: 'El servicio Leave & Pause ha vuelto.',
  LeavePauseResumeWentToQueue: '{{customer}} volvió a la cola: la atenderá el próximo agente disponible.',
  LeavePauseResumeAcceptFailed:
    'No se pudo aceptar por ti la conversación con {{customer}}: acéptala en tu lista de tareas ({{message}}).',
  LeavePausePausedLabel: 'Conversación en pausa',
  LeavePausePausedAt: 'En pausa {{time}}',
  LeavePauseCountdownIn: 'Se reasigna en {{duration}}',
  LeavePauseCountdownDue: 'Reasignando…',
  LeavePauseCountdownWarning: '{{countdown}} — en menos de un día',
  LeavePauseCountdownError: '{{countdown}} — pronto',
  LeavePauseCountdownTooltip: 'Vuelve a la cola el {{time}}',
  LeavePauseCountdownTooltipEstimated:
    'Vuelve a la cola hacia el {{time}} (estimado según el límite del administrador; Twilio no lo indicó)',
  LeavePauseDeadlineEstimated: 'Estimado según el límite del administrador',
  LeavePauseCountdownWarningAnnouncement:
    'Quedan menos de 24 horas para que se reasigne la conversación en pausa.',
  LeavePauseCountdownErrorAnnouncement:
    'Queda menos de 1 hora para que se reasigne la conversación en pausa.',
  LeavePauseCountdownDueAnnouncement: 'La conversación en pausa se está reasignando.',
  LeavePausePauseReminder24h:
    'Tu conversación en pausa con {{customer}} vuelve a la cola en menos de 24 horas ({{time}}).',
  LeavePausePauseReminder1h:
    'Tu conversación en pausa con {{customer}} vuelve a la cola en menos de 1 hora ({{time}}).',
  LeavePauseReassignToday: 'Se reasigna hoy a las {{time}}',
  LeavePauseReassignTomorrow: 'Se reasigna mañana a las {{time}}',
  LeavePauseReassignOn: 'Se reasigna el {{date}}',
  LeavePauseReassignSoon: 'Se reasigna pronto',
  LeavePausePausedNoticeIconLabel: '(información)',
  LeavePausePausedWorkTitle: 'Trabajo en pausa',
  LeavePausePausedWorkEmpty: 'No hay conversaciones en pausa',
  LeavePausePausedWorkLoading: 'Cargando conversaciones en pausa…',
  LeavePausePausedWorkCustomer: 'Cliente',
  LeavePausePausedWorkChannel: 'Canal',
  LeavePausePausedWorkPausedAt: 'En pausa desde',
  LeavePausePausedWorkReassign: 'Reasignación',
  LeavePausePausedWorkActions: 'Acciones',
  LeavePausePausedWorkResume: 'Reanudar',
  LeavePausePausedWorkResumeLabel: 'Reanudar la conversación con {{customer}}',
  LeavePausePausedWorkUnknownCustomer: 'Cliente desconocido',
  LeavePausePausedWorkUnknownTime: 'Sin registrar',
  LeavePausePausedWorkLoadFailed: 'No se pudieron cargar las conversaciones en pausa: {{message}}',
  LeavePauseAlertErrorLabel: '(error)',
  LeavePauseStatusSuccessLabel: '(correcto)',
  LeavePauseStatusErrorLabel: '(error)',
  // Pause reasons (issue 18).
  LeavePausePauseReasonMenu: '¿Por qué pausas la conversación?',
  LeavePausePauseReasonNote: 'Nota (opcional)',
  LeavePausePausedWorkReason: 'Motivo',
  LeavePauseCustomerWithReason: '{{customer}} ({{reason}})',
  LeavePauseConfigInvalid: 'Problema de configuración del plugin Leave & Pause: {{problems}}',
  LeavePauseNativeFeatureActive:
    'La función {{feature}} propia de Flex está activada, así que el plugin Leave & Pause no añade su botón {{feature}}.',
  // Pause events (issue 18 part 1): the customer wrote during a pause.
  LeavePauseUnreadOne: '1 mensaje nuevo del cliente',
  LeavePauseUnreadMany: '{{count}} mensajes nuevos del cliente',
  LeavePauseCustomerWroteNotification:
    '{{customer}} escribió mientras la conversación está en pausa: «{{preview}}»',
};
