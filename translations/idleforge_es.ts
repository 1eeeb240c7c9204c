<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>ActivityDetails</name>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Select a row to see how it was verified.</source>
        <translation>Seleccione una fila para ver cómo se verificó.</translation>
    </message>
    <message>
        <source>Run commitment</source>
        <translation>Compromiso de la ejecución</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Veredicto</translation>
    </message>
    <message>
        <source>Sampled steps</source>
        <translation>Pasos muestreados</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Recibos</translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <source>Audits</source>
        <translation>Auditorías</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>Disputas</translation>
    </message>
    <message>
        <source>Show kind</source>
        <translation>Mostrar tipo</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Verified or won</source>
        <translation>Verificadas o ganadas</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>En disputa</translation>
    </message>
    <message>
        <source>Lost or slashed</source>
        <translation>Perdidas o penalizadas</translation>
    </message>
    <message>
        <source>Show state</source>
        <translation>Mostrar estado</translation>
    </message>
    <message>
        <source>Task or game</source>
        <translation>Tarea o juego</translation>
    </message>
    <message>
        <source>Search by task or game</source>
        <translation>Buscar por tarea o juego</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Más recientes primero</translation>
    </message>
    <message>
        <source>Oldest first</source>
        <translation>Más antiguas primero</translation>
    </message>
    <message>
        <source>By task</source>
        <translation>Por tarea</translation>
    </message>
    <message>
        <source>By state</source>
        <translation>Por estado</translation>
    </message>
    <message>
        <source>Most credits</source>
        <translation>Más créditos</translation>
    </message>
    <message>
        <source>Sort</source>
        <translation>Ordenar</translation>
    </message>
    <message>
        <source>Tasks, audits and disputes</source>
        <translation>Tareas, auditorías y disputas</translation>
    </message>
    <message>
        <source>%1 %2, %3, %4</source>
        <translation>%1 %2, %3, %4</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>No tasks, audits or disputes yet.</source>
        <translation>Todavía no hay tareas, auditorías ni disputas.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <source>Back up the wallet</source>
        <translation>Hacer una copia de seguridad de la billetera</translation>
    </message>
    <message>
        <source>IdleForge wallet backups (*.ifbackup)</source>
        <translation>Copias de seguridad de billetera IdleForge (*.ifbackup)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Write the backup to %1? A file already there is replaced.</source>
        <translation>¿Escribir la copia de seguridad en %1? Si ya existe un archivo, se reemplaza.</translation>
    </message>
    <message>
        <source>The file is encrypted with the password you choose here. Keep the file and the password apart; without the password the file is useless, to you too.</source>
        <translation>El archivo se cifra con la contraseña que elija aquí. Guarde el archivo y la contraseña por separado; sin la contraseña el archivo no sirve de nada, tampoco para usted.</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>Archivo de copia de seguridad</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Password for the file</source>
        <translation>Contraseña para el archivo</translation>
    </message>
    <message>
        <source>The same password again</source>
        <translation>La misma contraseña otra vez</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Write the backup</source>
        <translation>Escribir la copia de seguridad</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>BenchmarkPage</name>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Run benchmark again</source>
        <translation>Repetir la prueba de rendimiento</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Progreso de la prueba de rendimiento</translation>
    </message>
    <message>
        <source>Compute (fp32 matrix multiply)</source>
        <translation>Cálculo (multiplicación de matrices fp32)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Memory bandwidth</source>
        <translation>Ancho de banda de memoria</translation>
    </message>
    <message>
        <source>Benchmark figures</source>
        <translation>Resultados de la prueba de rendimiento</translation>
    </message>
    <message>
        <source>%1% %2</source>
        <translation>%1 % %2</translation>
    </message>
    <message>
        <source>peak unknown</source>
        <translation>pico desconocido</translation>
    </message>
</context>
<context>
    <name>CreateWalletDialog</name>
    <message>
        <source>Your recovery phrase</source>
        <translation>Su frase de recuperación</translation>
    </message>
    <message>
        <source>Check your recovery phrase</source>
        <translation>Compruebe su frase de recuperación</translation>
    </message>
    <message numerus="yes">
        <source>Write these %n words down on paper, in order, and keep them offline. They are the only way to recover the wallet; anyone who has them has your funds. They are not shown again.</source>
        <translation>
            <numerusform>Anote esta %n palabra en papel y guárdela sin conexión. Es la única forma de recuperar la billetera; quien la tenga tiene sus fondos. No se vuelve a mostrar.</numerusform>
            <numerusform>Anote estas %n palabras en papel, en orden, y guárdelas sin conexión. Son la única forma de recuperar la billetera; quien las tenga tiene sus fondos. No se vuelven a mostrar.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Type these words of your phrase to show it was written down correctly.</source>
        <translation>Escriba estas palabras de su frase para demostrar que la anotó correctamente.</translation>
    </message>
    <message>
        <source>Word %1</source>
        <translation>Palabra %1</translation>
    </message>
    <message>
        <source>Word %1 of the recovery phrase</source>
        <translation>Palabra %1 de la frase de recuperación</translation>
    </message>
    <message>
        <source>I have written them down</source>
        <translation>Las he anotado</translation>
    </message>
    <message>
        <source>Create the wallet</source>
        <translation>Crear la billetera</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>CreditsText</name>
    <message>
        <source>%1 credits</source>
        <translation>%1 créditos</translation>
    </message>
</context>
<context>
    <name>EarningsPage</name>
    <message>
        <source>Earnings</source>
        <translation>Ganancias</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>Depósito</translation>
    </message>
    <message>
        <source>Earnings by day, last 30 days</source>
        <translation>Ganancias por día, últimos 30 días</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Créditos</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>Recibos</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export the receipts as CSV</source>
        <translation>Exportar los recibos como CSV</translation>
    </message>
    <message>
        <source>%1 %2 credits, %3, %4</source>
        <translation>%1 %2 créditos, %3, %4</translation>
    </message>
    <message>
        <source>No receipts yet.</source>
        <translation>Todavía no hay recibos.</translation>
    </message>
    <message>
        <source>Export receipts</source>
        <translation>Exportar recibos</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>HardwarePage</name>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Run benchmark again</source>
        <translation>Repetir la prueba de rendimiento</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Progreso de la prueba de rendimiento</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Ahora</translation>
    </message>
    <message>
        <source>temperature not reported</source>
        <translation>temperatura no disponible</translation>
    </message>
    <message>
        <source>utilisation not reported</source>
        <translation>uso no disponible</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>Prueba de rendimiento</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>aún sin medir</translation>
    </message>
    <message>
        <source>Share of the peak</source>
        <translation>Parte del pico</translation>
    </message>
    <message>
        <source>%1% %2</source>
        <translation>%1 % %2</translation>
    </message>
    <message>
        <source>peak unknown</source>
        <translation>pico desconocido</translation>
    </message>
</context>
<context>
    <name>ImportWalletDialog</name>
    <message>
        <source>Import this wallet?</source>
        <translation>¿Importar esta billetera?</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>Importar una frase de recuperación</translation>
    </message>
    <message>
        <source>Type the 12 or 24 words of your recovery phrase, separated by spaces.</source>
        <translation>Escriba las 12 o 24 palabras de su frase de recuperación, separadas por espacios.</translation>
    </message>
    <message>
        <source>Recovery phrase</source>
        <translation>Frase de recuperación</translation>
    </message>
    <message numerus="yes">
        <source>The phrase checks out (%n words).</source>
        <translation>
            <numerusform>La frase es válida (%n palabra).</numerusform>
            <numerusform>La frase es válida (%n palabras).</numerusform>
        </translation>
    </message>
    <message>
        <source>Use %1 instead</source>
        <translation>Usar %1 en su lugar</translation>
    </message>
    <message>
        <source>Passphrase (only if you set one; most people did not)</source>
        <translation>Frase de contraseña (solo si definió una; la mayoría no lo hizo)</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Frase de contraseña</translation>
    </message>
    <message numerus="yes">
        <source>The wallet of these %n words will be stored in the system keychain and receive the payouts.</source>
        <translation>
            <numerusform>La billetera de esta %n palabra se guardará en el llavero del sistema y recibirá los pagos.</numerusform>
            <numerusform>La billetera de estas %n palabras se guardará en el llavero del sistema y recibirá los pagos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Logs</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Lowest level shown</source>
        <translation>Nivel más bajo mostrado</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Todo</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Información y superior</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Advertencias y errores</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Solo errores</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>Copiar al portapapeles</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) copied</source>
        <translation>
            <numerusform>%n línea copiada</numerusform>
            <numerusform>%n líneas copiadas</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing logged at this level yet.</source>
        <translation>Todavía no hay nada registrado en este nivel.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>IdleForge</source>
        <translation>IdleForge</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Earnings</source>
        <translation>Ganancias</translation>
    </message>
    <message>
        <source>Wallet</source>
        <translation>Billetera</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Páginas</translation>
    </message>
</context>
<context>
    <name>Onboarding</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <source>IdleForge trains machine-learning models for the network while you are away from your PC, proves the work, and pays you for it. This guide sets up a wallet for the payouts, measures your hardware and asks when IdleForge may work. It takes two minutes.</source>
        <translation>IdleForge entrena modelos de aprendizaje automático para la red mientras usted no está frente al PC, demuestra el trabajo y le paga por él. Esta guía configura una billetera para los pagos, mide su hardware y pregunta cuándo puede trabajar IdleForge. Lleva dos minutos.</translation>
    </message>
    <message>
        <source>Payouts go to %1.</source>
        <translation>Los pagos van a %1.</translation>
    </message>
    <message>
        <source>Payouts go to a wallet whose keys stay in your system keychain. Create a new one, or import the recovery phrase of one you have.</source>
        <translation>Los pagos van a una billetera cuyas claves se quedan en el llavero de su sistema. Cree una nueva o importe la frase de recuperación de una que ya tenga.</translation>
    </message>
    <message>
        <source>Create a wallet</source>
        <translation>Crear una billetera</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>Importar una frase de recuperación</translation>
    </message>
    <message>
        <source>IdleForge measures what this PC can compute, so the network offers it tasks that fit.</source>
        <translation>IdleForge mide lo que este PC puede calcular para que la red le ofrezca tareas adecuadas.</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Progreso de la prueba de rendimiento</translation>
    </message>
    <message>
        <source>Measure now</source>
        <translation>Medir ahora</translation>
    </message>
    <message>
        <source>IdleForge works only while you are away, and stops the moment you touch the mouse or the keyboard or start a game.</source>
        <translation>IdleForge solo trabaja mientras usted no está y se detiene en cuanto toca el ratón o el teclado o inicia un juego.</translation>
    </message>
    <message>
        <source>Start after this many idle minutes</source>
        <translation>Empezar tras estos minutos de inactividad</translation>
    </message>
    <message>
        <source>Idle minutes before work starts</source>
        <translation>Minutos de inactividad antes de empezar a trabajar</translation>
    </message>
    <message>
        <source>Also work while on battery</source>
        <translation>Trabajar también con batería</translation>
    </message>
    <message>
        <source>IdleForge can start with your desktop, minimized to the tray, so idle time is never missed.</source>
        <translation>IdleForge puede iniciarse con su escritorio, minimizado en la bandeja, para no perder tiempo de inactividad.</translation>
    </message>
    <message>
        <source>Start IdleForge when I log in</source>
        <translation>Iniciar IdleForge al iniciar sesión</translation>
    </message>
    <message>
        <source>All set. IdleForge waits in the tray and starts working when you are away. The dashboard shows what it earns and how its work was verified.</source>
        <translation>Todo listo. IdleForge espera en la bandeja y empieza a trabajar cuando usted no está. El panel muestra lo que gana y cómo se verificó su trabajo.</translation>
    </message>
    <message>
        <source>Skip the guide</source>
        <translation>Omitir la guía</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Open the dashboard</source>
        <translation>Abrir el panel</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>Omitir este paso</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Rate (7-day average)</source>
        <translation>Ritmo (media de 7 días)</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>Depósito</translation>
    </message>
    <message>
        <source>Current task</source>
        <translation>Tarea actual</translation>
    </message>
    <message>
        <source>No task right now</source>
        <translation>Ninguna tarea ahora mismo</translation>
    </message>
    <message>
        <source>Task progress</source>
        <translation>Progreso de la tarea</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Eventos recientes</translation>
    </message>
    <message>
        <source>Nothing yet: events appear here once the node works for the network.</source>
        <translation>Nada todavía: los eventos aparecen aquí cuando el nodo trabaja para la red.</translation>
    </message>
</context>
<context>
    <name>PolicyEngine</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Paused in the settings (mode: paused)</source>
        <translation>En pausa en los ajustes (modo: en pausa)</translation>
    </message>
    <message>
        <source>Paused until you resume</source>
        <translation>En pausa hasta que reanude</translation>
    </message>
    <message>
        <source>Paused by you until %1</source>
        <translation>Pausado por usted hasta %1</translation>
    </message>
    <message>
        <source>A game just ended; resuming in %1</source>
        <translation>Un juego acaba de terminar; se reanuda en %1</translation>
    </message>
    <message>
        <source>Game running: %1</source>
        <translation>Juego en curso: %1</translation>
    </message>
    <message>
        <source>An exclusive app just ended; resuming in %1</source>
        <translation>Un programa exclusivo acaba de terminar; se reanuda en %1</translation>
    </message>
    <message>
        <source>%1 is running (exclusive apps)</source>
        <translation>%1 está en ejecución (programas exclusivos)</translation>
    </message>
    <message>
        <source>On battery power</source>
        <translation>Funcionando con batería</translation>
    </message>
    <message>
        <source>Outside the schedule (%1)</source>
        <translation>Fuera del horario (%1)</translation>
    </message>
    <message>
        <source>%1 at %2 °C (limit %3 °C; resumes below %4 °C)</source>
        <translation>%1 a %2 °C (límite %3 °C; se reanuda por debajo de %4 °C)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>A fullscreen window is open</source>
        <translation>Hay una ventana a pantalla completa abierta</translation>
    </message>
    <message>
        <source>Media playing: %1</source>
        <translation>Reproduciendo: %1</translation>
    </message>
    <message>
        <source>Cannot tell when you are away (no idle-time source); set mode to always to compute anyway</source>
        <translation>No se puede saber cuándo está ausente (no hay fuente de inactividad); ponga el modo en «siempre» para calcular de todos modos</translation>
    </message>
    <message>
        <source>Waiting for %1 without input (%2 so far)</source>
        <translation>Esperando %1 sin actividad (%2 hasta ahora)</translation>
    </message>
    <message>
        <source>Other programs use %1 % of the CPU (limit %2 %)</source>
        <translation>Otros programas usan el %1 % de la CPU (límite %2 %)</translation>
    </message>
    <message>
        <source>Another program is using the GPU</source>
        <translation>Otro programa está usando la GPU</translation>
    </message>
    <message>
        <source>The GPU was just in use; resuming in %1</source>
        <translation>La GPU acaba de estar en uso; se reanuda en %1</translation>
    </message>
</context>
<context>
    <name>ReceiptText</name>
    <message>
        <source>Reward</source>
        <translation>Recompensa</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Comisión</translation>
    </message>
    <message>
        <source>Stake</source>
        <translation>Depósito</translation>
    </message>
    <message>
        <source>Slash</source>
        <translation>Penalización</translation>
    </message>
    <message>
        <source>Payout</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rechazado</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from a backup</source>
        <translation>Restaurar desde una copia de seguridad</translation>
    </message>
    <message>
        <source>Restore this wallet?</source>
        <translation>¿Restaurar esta billetera?</translation>
    </message>
    <message>
        <source>IdleForge wallet backups (*.ifbackup)</source>
        <translation>Copias de seguridad de billetera IdleForge (*.ifbackup)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Backup file</source>
        <translation>Archivo de copia de seguridad</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Password of the file</source>
        <translation>Contraseña del archivo</translation>
    </message>
    <message>
        <source>The backup holds the wallet %1. Store it in the system keychain and receive the payouts there?</source>
        <translation>La copia de seguridad contiene la billetera %1. ¿Guardarla en el llavero del sistema y recibir allí los pagos?</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Predeterminado</translation>
    </message>
    <message>
        <source>Reset %1 to its default (%2)</source>
        <translation>Restablecer %1 a su valor predeterminado (%2)</translation>
    </message>
    <message>
        <source>Default: %1</source>
        <translation>Predeterminado: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>Every hour</source>
        <translation>Todas las horas</translation>
    </message>
    <message>
        <source>Evenings and weekends</source>
        <translation>Tardes y fines de semana</translation>
    </message>
</context>
<context>
    <name>WalletPage</name>
    <message>
        <source>Wallet</source>
        <translation>Billetera</translation>
    </message>
    <message>
        <source>Replace this wallet?</source>
        <translation>¿Reemplazar esta billetera?</translation>
    </message>
    <message>
        <source>The wallet %1 will be replaced. Without its recovery phrase or a backup, what it holds is lost. Back it up first if you have not.</source>
        <translation>La billetera %1 se reemplazará. Sin su frase de recuperación o una copia de seguridad, lo que contiene se pierde. Haga primero una copia si no la tiene.</translation>
    </message>
    <message>
        <source>Replace it</source>
        <translation>Reemplazarla</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>Conservarla</translation>
    </message>
    <message>
        <source>No payout wallet yet. Create one, or bring the one you have with its recovery phrase or a backup file.</source>
        <translation>Todavía no hay billetera de pagos. Cree una o traiga la que tiene con su frase de recuperación o un archivo de copia de seguridad.</translation>
    </message>
    <message>
        <source>QR code of the payout address</source>
        <translation>Código QR de la dirección de pago</translation>
    </message>
    <message>
        <source>Payout address</source>
        <translation>Dirección de pago</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the payout address</source>
        <translation>Copiar la dirección de pago</translation>
    </message>
    <message>
        <source>Derivation path %1</source>
        <translation>Ruta de derivación %1</translation>
    </message>
    <message>
        <source>Node ID %1</source>
        <translation>ID de nodo %1</translation>
    </message>
    <message>
        <source>Create a new wallet</source>
        <translation>Crear una billetera nueva</translation>
    </message>
    <message>
        <source>Create a wallet</source>
        <translation>Crear una billetera</translation>
    </message>
    <message>
        <source>Import a recovery phrase</source>
        <translation>Importar una frase de recuperación</translation>
    </message>
    <message>
        <source>Back up to a file</source>
        <translation>Copia de seguridad en un archivo</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>Restaurar desde una copia de seguridad</translation>
    </message>
</context>
<context>
    <name>idleforge::node::NodeService</name>
    <message>
        <source>Looking at your hardware…</source>
        <translation>Examinando su hardware…</translation>
    </message>
    <message>
        <source>Starting the benchmark…</source>
        <translation>Iniciando la prueba de rendimiento…</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Iniciando</translation>
    </message>
    <message>
        <source>Measuring your hardware</source>
        <translation>Midiendo su hardware</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>idleforge::node::PolicyDriver</name>
    <message>
        <source>Looking at what the machine is doing</source>
        <translation>Comprobando qué está haciendo el equipo</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Trabajando</translation>
    </message>
</context>
<context>
    <name>idleforge::policy</name>
    <message>
        <source>schedule entry &apos;%1&apos;: %2</source>
        <translation>entrada del horario «%1»: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a day (mon..sun), a range like mon-fri, or daily</source>
        <translation>«%1» no es un día (mon..sun), ni un intervalo como mon-fri, ni daily</translation>
    </message>
    <message>
        <source>expected DAYS START-END, e.g. mon-fri 18-8</source>
        <translation>se esperaba DÍAS INICIO-FIN, p. ej. mon-fri 18-8</translation>
    </message>
    <message>
        <source>hours are 0-24, start before or after end but not equal to it</source>
        <translation>las horas van de 0 a 24; el inicio, antes o después del fin, pero no igual</translation>
    </message>
</context>
<context>
    <name>idleforge::settings</name>
    <message>
        <source>%1 = &apos;%2&apos;: %3</source>
        <translation>%1 = «%2»: %3</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>no es un número</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>no es un número entero</translation>
    </message>
    <message>
        <source>out of range %1..%2</source>
        <translation>fuera del intervalo %1..%2</translation>
    </message>
    <message>
        <source>no setting named &apos;%1&apos; (idleforgectl config list shows them)</source>
        <translation>no hay ningún ajuste llamado «%1» (idleforgectl config list los muestra)</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>se esperaba true o false</translation>
    </message>
    <message>
        <source>expected one of %1</source>
        <translation>se esperaba uno de %1</translation>
    </message>
    <message>
        <source>resume_temp_c (%1) must be below max_temp_c (%2)</source>
        <translation>resume_temp_c (%1) debe ser menor que max_temp_c (%2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a process name (no paths; names are separated by commas)</source>
        <translation>«%1» no es un nombre de proceso (sin rutas; los nombres se separan con comas)</translation>
    </message>
    <message>
        <source>expected ws://host:port or wss://host:port</source>
        <translation>se esperaba ws://host:puerto o wss://host:puerto</translation>
    </message>
    <message>
        <source>expected the coordinator&apos;s Ed25519 public key in base58 (32 bytes)</source>
        <translation>se esperaba la clave pública Ed25519 del coordinador en base58 (32 bytes)</translation>
    </message>
    <message>
        <source>When to compute</source>
        <translation>Cuándo calcular</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Aplicación</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>When to compute: auto (only while you are away and nothing else needs the machine), always (a dedicated machine: ignores input, fullscreen and media; the default of --headless), paused.</source>
        <translation>Cuándo calcular: auto (solo mientras no está y nada más necesita el equipo), always (un equipo dedicado: ignora la actividad, la pantalla completa y los medios; el valor predeterminado de --headless), paused (en pausa).</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Minutes without keyboard or mouse input before work starts (fractions allowed).</source>
        <translation>Minutos sin actividad del teclado o el ratón antes de empezar a trabajar (se admiten fracciones).</translation>
    </message>
    <message>
        <source>Idle time (minutes)</source>
        <translation>Tiempo de inactividad (minutos)</translation>
    </message>
    <message>
        <source>Programs that pause all work while they run, by process name, separated by commas.</source>
        <translation>Programas que pausan todo el trabajo mientras se ejecutan, por nombre de proceso, separados por comas.</translation>
    </message>
    <message>
        <source>Exclusive programs</source>
        <translation>Programas exclusivos</translation>
    </message>
    <message>
        <source>Pause CPU work while other programs use more than this share of the CPU (percent, over 10 s).</source>
        <translation>Pausar el trabajo de CPU mientras otros programas usen más de esta parte de la CPU (porcentaje, en 10 s).</translation>
    </message>
    <message>
        <source>Other programs&apos; CPU use (%)</source>
        <translation>Uso de CPU de otros programas (%)</translation>
    </message>
    <message>
        <source>Pause work on a CPU or GPU hotter than this (degrees Celsius).</source>
        <translation>Pausar el trabajo en una CPU o GPU más caliente que esto (grados Celsius).</translation>
    </message>
    <message>
        <source>Pause above (°C)</source>
        <translation>Pausar por encima de (°C)</translation>
    </message>
    <message>
        <source>Resume once it has cooled below this (degrees Celsius; below the pause temperature).</source>
        <translation>Reanudar cuando se haya enfriado por debajo de esto (grados Celsius; por debajo de la temperatura de pausa).</translation>
    </message>
    <message>
        <source>Resume below (°C)</source>
        <translation>Reanudar por debajo de (°C)</translation>
    </message>
    <message>
        <source>Compute while the machine runs on battery.</source>
        <translation>Calcular mientras el equipo funciona con batería.</translation>
    </message>
    <message>
        <source>Run on battery</source>
        <translation>Funcionar con batería</translation>
    </message>
    <message>
        <source>The hours work may run, e.g. &apos;mon-fri 18-8; sat,sun 0-24&apos; (always: every hour).</source>
        <translation>Las horas en que se puede trabajar, p. ej. «mon-fri 18-8; sat,sun 0-24» (always: todas las horas).</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Horario</translation>
    </message>
    <message>
        <source>Say when work starts after idle, when it pauses for a game, when a task is verified and paid, when an audit of your work fails, when a dispute is won or lost and when stake is slashed.</source>
        <translation>Avisar cuando el trabajo empieza tras la inactividad, cuando se pausa por un juego, cuando una tarea se verifica y se paga, cuando falla una auditoría de su trabajo, cuando se gana o se pierde una disputa y cuando se penaliza el depósito.</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>Notificaciones</translation>
    </message>
    <message>
        <source>Start IdleForge minimized in the tray at login.</source>
        <translation>Iniciar IdleForge minimizado en la bandeja al iniciar sesión.</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Iniciar al iniciar sesión</translation>
    </message>
    <message>
        <source>The language of the dashboard and the tray (system: the desktop&apos;s language).</source>
        <translation>El idioma del panel y de la bandeja (system: el idioma del escritorio).</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The coordinator to provide to, ws://host:port or wss://host:port; empty: stay offline. --coordinator and --devnet take precedence. Takes effect at the next start.</source>
        <translation>El coordinador para el que trabajar, ws://host:puerto o wss://host:puerto; vacío: sin conexión. --coordinator y --devnet tienen prioridad. Se aplica en el próximo inicio.</translation>
    </message>
    <message>
        <source>Coordinator address</source>
        <translation>Dirección del coordinador</translation>
    </message>
    <message>
        <source>The coordinator&apos;s public key (base58), pinned: receipts are checked against it. --coordinator-key takes precedence. Takes effect at the next start.</source>
        <translation>La clave pública del coordinador (base58), fijada: los recibos se comprueban con ella. --coordinator-key tiene prioridad. Se aplica en el próximo inicio.</translation>
    </message>
    <message>
        <source>Coordinator key</source>
        <translation>Clave del coordinador</translation>
    </message>
    <message>
        <source>How far the first-run guide got (100: done; it is not shown again).</source>
        <translation>Hasta dónde llegó la guía de primer inicio (100: terminada; no se vuelve a mostrar).</translation>
    </message>
    <message>
        <source>First-run guide</source>
        <translation>Guía de primer inicio</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::ActivityModel</name>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Committed</source>
        <translation>Comprometida</translation>
    </message>
    <message>
        <source>Audited</source>
        <translation>Auditada</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>En disputa</translation>
    </message>
    <message>
        <source>Won</source>
        <translation>Ganada</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Perdida</translation>
    </message>
    <message>
        <source>Slashed</source>
        <translation>Penalizada</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoría</translation>
    </message>
    <message>
        <source>Dispute</source>
        <translation>Disputa</translation>
    </message>
    <message>
        <source>solver</source>
        <translation>solucionador</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>auditor</translation>
    </message>
    <message>
        <source>%1 %2 (as %3)</source>
        <translation>%1 %2 (como %3)</translation>
    </message>
    <message>
        <source>%1 %2 of %3 (as %4)</source>
        <translation>%1 %2 de %3 (como %4)</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s)</source>
        <translation>
            <numerusform>%n paso</numerusform>
            <numerusform>%n pasos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Step %1: does not match</source>
        <translation>Paso %1: no coincide</translation>
    </message>
    <message>
        <source>%1 %2 credits (%3), receipt %4</source>
        <translation>%1 %2 créditos (%3), recibo %4</translation>
    </message>
    <message>
        <source>the solver</source>
        <translation>el solucionador</translation>
    </message>
    <message>
        <source>the auditor</source>
        <translation>el auditor</translation>
    </message>
    <message>
        <source>neither side</source>
        <translation>ninguna de las partes</translation>
    </message>
    <message>
        <source>The referee ruled for %1.</source>
        <translation>El árbitro falló a favor de %1.</translation>
    </message>
    <message>
        <source>Step %1, node %2: operator %3 (%4).</source>
        <translation>Paso %1, nodo %2: operador %3 (%4).</translation>
    </message>
    <message numerus="yes">
        <source>%n sampled step(s) match: %1</source>
        <translation>
            <numerusform>%n paso muestreado coincide: %1</numerusform>
            <numerusform>%n pasos muestreados coinciden: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::EarningsModel</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Last %n day(s): %1</source>
        <translation>
            <numerusform>Último %n día: %1</numerusform>
            <numerusform>Últimos %n días: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved the receipts to %1</source>
        <translation>Recibos guardados en %1</translation>
    </message>
    <message>
        <source>Could not save the receipts: %1</source>
        <translation>No se pudieron guardar los recibos: %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwareModel</name>
    <message>
        <source>Matrix multiply (%1)</source>
        <translation>Multiplicación de matrices (%1)</translation>
    </message>
    <message>
        <source>Memory bandwidth</source>
        <translation>Ancho de banda de memoria</translation>
    </message>
    <message>
        <source>Host to device copy</source>
        <translation>Copia del host al dispositivo</translation>
    </message>
    <message>
        <source>Training step (fast)</source>
        <translation>Paso de entrenamiento (rápido)</translation>
    </message>
    <message>
        <source>Training step (reproducible)</source>
        <translation>Paso de entrenamiento (reproducible)</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1, %2, %3 MHz, %4 RAM</source>
        <extracomment>%1: &quot;8 cores&quot;, %2: &quot;16 threads&quot;, %3: the base clock, %4: &quot;31.2 GiB&quot;</extracomment>
        <translation>%1, %2, %3 MHz, %4 de RAM</translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n núcleo</numerusform>
            <numerusform>%n núcleos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n hilo</numerusform>
            <numerusform>%n hilos</numerusform>
        </translation>
    </message>
    <message>
        <source>compute capability %1, %2 SMs, %3 VRAM</source>
        <translation>capacidad de cómputo %1, %2 SM, %3 de VRAM</translation>
    </message>
    <message>
        <source>, %1 °C</source>
        <translation>, %1 °C</translation>
    </message>
    <message>
        <source>of %1 %2 peak</source>
        <translation>de un pico de %1 %2</translation>
    </message>
    <message>
        <source>first measurement</source>
        <translation>primera medición</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier run(s), from %1 to %2 %3</source>
        <translation>
            <numerusform>%n ejecución anterior, de %1 a %2 %3</numerusform>
            <numerusform>%n ejecuciones anteriores, de %1 a %2 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <extracomment>a benchmark stage on a device: &quot;Memory bandwidth on AMD Ryzen 7 5800X&quot;</extracomment>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>%1, Vulkan driver %2, %3</source>
        <extracomment>a Vulkan device: %1 vendor, %2 driver, %3 &quot;2.0 GiB&quot;</extracomment>
        <translation>%1, controlador Vulkan %2, %3</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::HardwarePageModel</name>
    <message>
        <source>Measured %1 (stored; measured again after 30 days or a hardware change)</source>
        <translation>Medido %1 (guardado; se vuelve a medir tras 30 días o un cambio de hardware)</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>Medido %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::LogModel</name>
    <message>
        <source>Debug</source>
        <translation>Depuración</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::NetworkModel</name>
    <message>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectando</translation>
    </message>
    <message>
        <source>registering</source>
        <translation>registrándose</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>connected, task leased</source>
        <translation>conectado, tarea asignada</translation>
    </message>
    <message>
        <source>training</source>
        <translation>entrenando</translation>
    </message>
    <message>
        <source>re-running for a dispute</source>
        <translation>repitiendo para una disputa</translation>
    </message>
    <message>
        <source>Network: %1</source>
        <translation>Red: %1</translation>
    </message>
    <message>
        <source> - %1 %2, step %3 of %4</source>
        <translation> – %1 %2, paso %3 de %4</translation>
    </message>
    <message>
        <source> - paused: not enough disk space for a new task</source>
        <translation> – en pausa: no hay espacio en disco para una tarea nueva</translation>
    </message>
    <message numerus="yes">
        <source>Balance %1 credits, stake %2 (%n receipt(s) this session)</source>
        <translation>
            <numerusform>Saldo %1 créditos, depósito %2 (%n recibo en esta sesión)</numerusform>
            <numerusform>Saldo %1 créditos, depósito %2 (%n recibos en esta sesión)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OnboardingModel</name>
    <message>
        <source>Welcome to IdleForge</source>
        <translation>Bienvenido a IdleForge</translation>
    </message>
    <message>
        <source>Your payout wallet</source>
        <translation>Su billetera de pagos</translation>
    </message>
    <message>
        <source>Measuring this PC</source>
        <translation>Midiendo este PC</translation>
    </message>
    <message>
        <source>When to work</source>
        <translation>Cuándo trabajar</translation>
    </message>
    <message>
        <source>Start with your PC</source>
        <translation>Iniciar con su PC</translation>
    </message>
    <message>
        <source>All set</source>
        <translation>Todo listo</translation>
    </message>
    <message>
        <source>%1: %2 GFLOP/s</source>
        <translation>%1: %2 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::OverviewModel</name>
    <message>
        <source>Measured %1 (stored; re-measured after 30 days or a hardware change)</source>
        <translation>Medido %1 (guardado; se vuelve a medir tras 30 días o un cambio de hardware)</translation>
    </message>
    <message>
        <source>Measured %1</source>
        <translation>Medido %1</translation>
    </message>
    <message>
        <source>%1 GFLOP/s</source>
        <translation>%1 GFLOP/s</translation>
    </message>
    <message>
        <source>%1% of the theoretical peak</source>
        <translation>%1 % del pico teórico</translation>
    </message>
    <message>
        <source>%1 GB/s</source>
        <translation>%1 GB/s</translation>
    </message>
    <message>
        <source>%1, %2, %3 GiB RAM, %4</source>
        <extracomment>%1: &quot;8 cores&quot;, %2: &quot;16 threads&quot;, %3: the memory in GiB, %4: the CPU&apos;s instruction sets</extracomment>
        <translation>%1, %2, %3 GiB de RAM, %4</translation>
    </message>
    <message numerus="yes">
        <source>%n core(s)</source>
        <translation>
            <numerusform>%n núcleo</numerusform>
            <numerusform>%n núcleos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n hilo</numerusform>
            <numerusform>%n hilos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>idleforge::ui::RewardNotifier</name>
    <message>
        <source>Task verified and paid</source>
        <translation>Tarea verificada y pagada</translation>
    </message>
    <message>
        <source>%1 earned %2 credits.</source>
        <translation>%1 ganó %2 créditos.</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) verified and paid: %1 credits.</source>
        <translation>
            <numerusform>%n tarea verificada y pagada: %1 créditos.</numerusform>
            <numerusform>%n tareas verificadas y pagadas: %1 créditos.</numerusform>
        </translation>
    </message>
    <message>
        <source>An audit of your work failed</source>
        <translation>Una auditoría de su trabajo ha fallado</translation>
    </message>
    <message>
        <source>%1 goes to a dispute; the referee will decide.</source>
        <translation>%1 pasa a una disputa; el árbitro decidirá.</translation>
    </message>
    <message numerus="yes">
        <source>%n audit(s) of your work failed; disputes follow.</source>
        <translation>
            <numerusform>%n auditoría de su trabajo ha fallado; sigue una disputa.</numerusform>
            <numerusform>%n auditorías de su trabajo han fallado; siguen disputas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispute won</source>
        <translation>Disputa ganada</translation>
    </message>
    <message>
        <source>The referee ruled for you on %1.</source>
        <translation>El árbitro falló a su favor en %1.</translation>
    </message>
    <message numerus="yes">
        <source>You won %n dispute(s).</source>
        <translation>
            <numerusform>Ha ganado %n disputa.</numerusform>
            <numerusform>Ha ganado %n disputas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dispute lost</source>
        <translation>Disputa perdida</translation>
    </message>
    <message>
        <source>The referee ruled against you on %1.</source>
        <translation>El árbitro falló en su contra en %1.</translation>
    </message>
    <message numerus="yes">
        <source>You lost %n dispute(s).</source>
        <translation>
            <numerusform>Ha perdido %n disputa.</numerusform>
            <numerusform>Ha perdido %n disputas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stake slashed</source>
        <translation>Depósito penalizado</translation>
    </message>
    <message>
        <source>%1 credits of your stake were slashed.</source>
        <translation>Se penalizaron %1 créditos de su depósito.</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::SensorModel</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1% busy</source>
        <translation>%1 % ocupado</translation>
    </message>
    <message>
        <source>%1 of %2 GiB</source>
        <translation>%1 de %2 GiB</translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation>%1 W</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::SettingsModel</name>
    <message>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>While I am away</source>
        <translation>Mientras no estoy</translation>
    </message>
    <message>
        <source>Always (dedicated machine)</source>
        <translation>Siempre (equipo dedicado)</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Activado</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Desactivado</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 a %2</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::StatusModel</name>
    <message>
        <source>Working for the network</source>
        <translation>Trabajando para la red</translation>
    </message>
    <message>
        <source>Waiting until you are away</source>
        <translation>Esperando a que se ausente</translation>
    </message>
    <message>
        <source>Paused by you</source>
        <translation>Pausado por usted</translation>
    </message>
    <message>
        <source>Paused for your game</source>
        <translation>En pausa por su juego</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n segundo</numerusform>
            <numerusform>%n segundos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuto</numerusform>
            <numerusform>%n minutos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Iniciando</translation>
    </message>
    <message>
        <source>Re-running task %1 for a dispute</source>
        <translation>Repitiendo la tarea %1 para una disputa</translation>
    </message>
    <message>
        <source>Training task %1</source>
        <translation>Entrenando la tarea %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <source>About %1 left</source>
        <translation>Quedan unos %1</translation>
    </message>
    <message>
        <source>Measuring the speed</source>
        <translation>Midiendo la velocidad</translation>
    </message>
    <message>
        <source>%1 credits/day</source>
        <translation>%1 créditos/día</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 %2 of %3</source>
        <translation>%1 %2 de %3</translation>
    </message>
    <message>
        <source>%1  %2: %3</source>
        <translation>%1  %2: %3</translation>
    </message>
    <message>
        <source>, net %1</source>
        <translation>, neto %1</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::TrayController</name>
    <message>
        <source>Working for the network</source>
        <translation>Trabajando para la red</translation>
    </message>
    <message>
        <source>Waiting until you are away</source>
        <translation>Esperando a que se ausente</translation>
    </message>
    <message>
        <source>Paused for your game</source>
        <translation>En pausa por su juego</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pausa</translation>
    </message>
    <message>
        <source>Pause for 1 hour</source>
        <translation>Pausar 1 hora</translation>
    </message>
    <message>
        <source>Pause until resumed</source>
        <translation>Pausar hasta reanudar</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Open dashboard</source>
        <translation>Abrir el panel</translation>
    </message>
    <message>
        <source>Quit IdleForge</source>
        <translation>Salir de IdleForge</translation>
    </message>
    <message>
        <source>IdleForge is working</source>
        <translation>IdleForge está trabajando</translation>
    </message>
    <message>
        <source>Your PC is idle, so it trains for the network. Touch the mouse or keyboard and it stops.</source>
        <translation>Su PC está inactivo, así que entrena para la red. Toque el ratón o el teclado y se detiene.</translation>
    </message>
    <message>
        <source>IdleForge: %1</source>
        <translation>IdleForge: %1</translation>
    </message>
    <message>
        <source>%1: %2 GFLOP/s</source>
        <translation>%1: %2 GFLOP/s</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletModel</name>
    <message>
        <source>Kept in the system keychain</source>
        <translation>Guardada en el llavero del sistema</translation>
    </message>
    <message>
        <source>Kept in %1</source>
        <translation>Guardada en %1</translation>
    </message>
    <message>
        <source>Address copied</source>
        <translation>Dirección copiada</translation>
    </message>
    <message>
        <source>Word %1 does not match. Check what you wrote down.</source>
        <translation>La palabra %1 no coincide. Compruebe lo que anotó.</translation>
    </message>
    <message>
        <source>Storing the wallet in the keychain…</source>
        <translation>Guardando la billetera en el llavero…</translation>
    </message>
    <message>
        <source>Wallet %1 stored. The node pays to it from its next start.</source>
        <translation>Billetera %1 guardada. El nodo le pagará a partir de su próximo inicio.</translation>
    </message>
    <message>
        <source>Choose where to write the backup.</source>
        <translation>Elija dónde escribir la copia de seguridad.</translation>
    </message>
    <message numerus="yes">
        <source>The backup password needs at least %n characters.</source>
        <translation>
            <numerusform>La contraseña de la copia necesita al menos %n carácter.</numerusform>
            <numerusform>La contraseña de la copia necesita al menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
    <message>
        <source>Encrypting the backup…</source>
        <translation>Cifrando la copia de seguridad…</translation>
    </message>
    <message>
        <source>Backup written to %1. Keep the file and its password apart.</source>
        <translation>Copia de seguridad escrita en %1. Guarde el archivo y su contraseña por separado.</translation>
    </message>
    <message>
        <source>Choose the backup file and type its password.</source>
        <translation>Elija el archivo de copia de seguridad y escriba su contraseña.</translation>
    </message>
    <message>
        <source>Opening the backup…</source>
        <translation>Abriendo la copia de seguridad…</translation>
    </message>
</context>
<context>
    <name>idleforge::ui::WalletTasks</name>
    <message>
        <source>%1 already holds a payout wallet; back it up and confirm that it may be replaced</source>
        <translation>%1 ya contiene una billetera de pagos; haga una copia de seguridad y confirme que puede reemplazarse</translation>
    </message>
    <message>
        <source>the stored node identity is not a 32-byte seed</source>
        <translation>la identidad de nodo guardada no es una semilla de 32 bytes</translation>
    </message>
    <message>
        <source>cannot replace %1</source>
        <translation>no se puede reemplazar %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>no se puede escribir %1</translation>
    </message>
    <message>
        <source>%1 is not a file</source>
        <translation>%1 no es un archivo</translation>
    </message>
    <message>
        <source>%1 holds no payout wallet</source>
        <translation>%1 no contiene ninguna billetera de pagos</translation>
    </message>
</context>
</TS>
