<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Andon</name>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="49"/>
        <source>Maintenance</source>
        <translation>Mantenimiento</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="50"/>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="51"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="69"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="74"/>
        <source>called, nobody yet · {0}</source>
        <translation>avisado, nadie aún · {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="76"/>
        <source>{0} is coming · {1}</source>
        <translation>{0} viene · {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="80"/>
        <source>{0} is there · {1}</source>
        <translation>{0} está allí · {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="84"/>
        <source>closed</source>
        <translation>cerrado</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="86"/>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="94"/>
        <source>Called at {0} by {1} (station {2}).</source>
        <translation>Avisado a las {0} por {1} (puesto {2}).</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="102"/>
        <source>Reason: {0}</source>
        <translation>Motivo: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="108"/>
        <source>Acknowledged at {0} by {1}.</source>
        <translation>Aceptado a las {0} por {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="114"/>
        <source>At the machine at {0} ({1}); response time {2}.</source>
        <translation>En la máquina a las {0} ({1}); tiempo de respuesta {2}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="124"/>
        <source>Closed at {0} by {1}; repair time {2}.</source>
        <translation>Cerrado a las {0} por {1}; tiempo de reparación {2}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="132"/>
        <source>Cancelled at {0} by {1}.</source>
        <translation>Cancelado a las {0} por {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="138"/>
        <source>Open for {0}.</source>
        <translation>Abierto desde hace {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="141"/>
        <source>Note: {0}</source>
        <translation>Nota: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="157"/>
        <source>Calls for {0}: {1} ({2} closed, {3} open). Mean response {4}, mean repair {5}.</source>
        <translation>Avisos a {0}: {1} (cerrados: {2}; abiertos: {3}). Respuesta media {4}, reparación media {5}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_words.py" line="170"/>
        <source>No andon calls in this shift.</source>
        <translation>Ningún aviso andon en este turno.</translation>
    </message>
</context>
<context>
    <name>AndonScreen</name>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="199"/>
        <source>{0} called to {1}.</source>
        <translation>Aviso a {0} para {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="223"/>
        <source>That call is not known on this station.</source>
        <translation>Ese aviso no se conoce en este puesto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="271"/>
        <source>Call for help at {0}: whom do you need?</source>
        <translation>Pedir ayuda en {0}: ¿a quién necesita?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="276"/>
        <source>Reason (optional): {0}</source>
        <translation>Motivo (opcional): {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="278"/>
        <source>Reason (optional): choose one below, before whom to call.</source>
        <translation>Motivo (opcional): elíjalo abajo, antes de a quién avisar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="286"/>
        <source>{0} called to {1}</source>
        <translation>Aviso a {0} para {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="296"/>
        <source>This call is of line {0}: answer it from a station of that line.</source>
        <translation>Este aviso es de la línea {0}: atiéndalo desde un puesto de esa línea.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="320"/>
        <source>Maintenance</source>
        <translation>Mantenimiento</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="321"/>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="322"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="323"/>
        <source>No reason</source>
        <translation>Sin motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="324"/>
        <source>Acknowledge: I am coming</source>
        <translation>Aceptar: voy para allá</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="325"/>
        <source>Arrived at the machine</source>
        <translation>Llegado a la máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="326"/>
        <source>Close: machine handed back</source>
        <translation>Cerrar: máquina entregada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="327"/>
        <source>Cancel the call</source>
        <translation>Cancelar el aviso</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/andon_screen.py" line="328"/>
        <location filename="../operator_app/screens/andon_screen.py" line="329"/>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
</context>
<context>
    <name>CallsStrip</name>
    <message>
        <location filename="../operator_app/screens/calls_strip.py" line="104"/>
        <source>Call for help (+{0} open)</source>
        <translation>Pedir ayuda (+{0} sin cerrar)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/calls_strip.py" line="104"/>
        <source>Call for help</source>
        <translation>Pedir ayuda</translation>
    </message>
</context>
<context>
    <name>CoveredLinesScreen</name>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="131"/>
        <source>Recorded by the other stations since {0}.</source>
        <translation>Registrado por los otros puestos desde {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="138"/>
        <source>Nothing from other stations since {0}. Their records arrive when this station and theirs have synced.</source>
        <translation>Nada de otros puestos desde {0}. Sus registros llegan cuando este puesto y los suyos se han sincronizado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="111"/>
        <location filename="../operator_app/screens/covered_lines.py" line="145"/>
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="158"/>
        <source>down for {0}</source>
        <translation>parada desde hace {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="167"/>
        <source>reason needed</source>
        <translation>falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="174"/>
        <source>Lines covered by this station</source>
        <translation>Líneas que cubre este puesto</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="177"/>
        <location filename="../operator_app/screens/covered_lines.py" line="185"/>
        <source>Area / line</source>
        <translation>Área / línea</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="178"/>
        <source>Stops</source>
        <translation>Paradas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="179"/>
        <source>Downtime</source>
        <translation>Tiempo de parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="180"/>
        <source>Still down</source>
        <translation>Aún paradas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="181"/>
        <source>To name</source>
        <translation>Por nombrar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="185"/>
        <source>Called from</source>
        <translation>Avisado desde</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="185"/>
        <source>Open call</source>
        <translation>Aviso abierto</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="190"/>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="191"/>
        <source>Machine</source>
        <translation>Máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="192"/>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="193"/>
        <source>Stopped at</source>
        <translation>Parada a las</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="194"/>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/covered_lines.py" line="195"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="77"/>
        <source>Store</source>
        <translation>Almacén local</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="80"/>
        <source>The store&apos;s figures could not be read: {0}</source>
        <translation>No se pudieron leer los datos del almacén local: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="83"/>
        <source>Reading the store…</source>
        <translation>Leyendo el almacén local…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="86"/>
        <source>Sync</source>
        <translation>Sincronización</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="87"/>
        <source>Machine links</source>
        <translation>Conexiones con las máquinas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="89"/>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="90"/>
        <source>Versions</source>
        <translation>Versiones</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="99"/>
        <source>File: {0}</source>
        <translation>Archivo: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="100"/>
        <source>Schema version: {0}</source>
        <translation>Versión del esquema: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="101"/>
        <source>Size: {0} MB</source>
        <translation>Tamaño: {0} MB</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="104"/>
        <source>Integrity check: {0}</source>
        <translation>Comprobación de integridad: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="105"/>
        <source>Waiting to send: {0}; refused by the server: {1}</source>
        <translation>Pendientes de enviar: {0}; rechazados por el servidor: {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="112"/>
        <source>Standards: bundled defaults (no regional bundle yet)</source>
        <translation>Estándares: los incluidos de serie (aún no hay paquete regional)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="115"/>
        <source>Standards: regional bundle {0}</source>
        <translation>Estándares: paquete regional {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="117"/>
        <source>Data directory: {0}</source>
        <translation>Carpeta de datos: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="122"/>
        <source>Warning: other accounts can read these; the client narrows them at its next start:</source>
        <translation>Aviso: otras cuentas pueden leer estos elementos; el cliente restringe sus permisos en el próximo arranque:</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="128"/>
        <source>Only the client&apos;s account can read the data directory.</source>
        <translation>Solo la cuenta del cliente puede leer la carpeta de datos.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="134"/>
        <source>Sync is not set up on this PC.</source>
        <translation>La sincronización no está configurada en este PC.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="136"/>
        <source>No sync round has finished yet.</source>
        <translation>Todavía no ha terminado ninguna sincronización.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="146"/>
        <source>No machine is read over Modbus on this PC.</source>
        <translation>Este PC no lee ninguna máquina por Modbus.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="155"/>
        <source>Log file: {0}</source>
        <translation>Archivo de registro: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="158"/>
        <source>No warnings or errors in the log.</source>
        <translation>No hay avisos ni errores en el registro.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="160"/>
        <source>Last warnings and errors, newest last:</source>
        <translation>Últimos avisos y errores, el más reciente al final:</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="166"/>
        <source>Diagnostics</source>
        <translation>Diagnóstico</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="169"/>
        <source>For IT and the regional coach. To send all of this with the log files, run &apos;operator-app diagnostics --out FILE.zip&apos; on this PC.</source>
        <translation>Para IT y el coach regional. Para enviar todo esto junto con los archivos de registro, ejecute &apos;operator-app diagnostics --out ARCHIVO.zip&apos; en este PC.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/diagnostics.py" line="173"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
</context>
<context>
    <name>FiguresPanel</name>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="114"/>
        <source>Good parts</source>
        <translation>Piezas buenas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="117"/>
        <source>Target now</source>
        <translation>Objetivo ahora</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="121"/>
        <source>{0}/h</source>
        <translation>{0}/h</translation>
    </message>
    <message numerus="yes">
        <location filename="../operator_app/screens/scoreboard_view.py" line="124"/>
        <source>Rate, last %n min</source>
        <translation>
            <numerusform>Ritmo (%n min)</numerusform>
            <numerusform>Ritmo (%n min)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="127"/>
        <source>Scrap</source>
        <translation>Desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="132"/>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="134"/>
        <source>target {0}</source>
        <translation>objetivo {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="137"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="140"/>
        <source>Unnamed stops</source>
        <translation>Por nombrar</translation>
    </message>
</context>
<context>
    <name>Formatting</name>
    <message>
        <location filename="../operator_app/screens/formatting.py" line="25"/>
        <source>%n s</source>
        <translation>%n s</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/formatting.py" line="28"/>
        <source>%n min</source>
        <translation>%n min</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/formatting.py" line="30"/>
        <source>{0} h {1} min</source>
        <translation>{0} h {1} min</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../operator_app/screens/home.py" line="295"/>
        <source>(no reason yet)</source>
        <translation>(aún sin motivo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="288"/>
        <source>{0}  {1}  {2}</source>
        <translation>{0}  {1}  {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="289"/>
        <source>Latest records:</source>
        <translation>Últimos registros:</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="294"/>
        <source>Note: {0}</source>
        <translation>Nota: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="298"/>
        <source>Scrap: {0} × {1}</source>
        <translation>Desecho: {0} × {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="299"/>
        <source>Stop: {0}</source>
        <translation>Parada: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="308"/>
        <source>Stop recorded for {0}.</source>
        <translation>Parada registrada para {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="329"/>
        <source>{0} is running again.</source>
        <translation>{0} vuelve a funcionar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="355"/>
        <source>Scrap</source>
        <translation>Desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="356"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>JobPage</name>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="130"/>
        <source>Job</source>
        <translation>Orden</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="136"/>
        <source>Job {0} — {1} on {2}</source>
        <translation>Orden {0} — {1} en {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="140"/>
        <source>Not started yet.</source>
        <translation>Aún no ha empezado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="143"/>
        <source>Started {0}, still running.</source>
        <translation>Empezó {0}, sigue en curso.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="149"/>
        <source>Started {0}, ended {1}.</source>
        <translation>Empezó {0}, terminó {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="156"/>
        <source>Made {0} good, {1} scrap (no quantity ordered).</source>
        <translation>Buenas: {0}; desecho: {1} (sin cantidad pedida).</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="162"/>
        <source>Made {0} good of {1} ordered, {2} scrap.</source>
        <translation>Buenas: {0} (pedidas: {1}); desecho: {2}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="178"/>
        <source>(no reason)</source>
        <translation>(sin motivo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="187"/>
        <source>{0} scrap parts counted, none recorded with a reason yet.</source>
        <translation>Piezas de desecho contadas: {0}; ninguna registrada aún con un motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="195"/>
        <source>Back</source>
        <translation>Volver</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="197"/>
        <source>OEE %</source>
        <translation>OEE %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="198"/>
        <source>Availability %</source>
        <translation>Disponibilidad %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="199"/>
        <source>Performance %</source>
        <translation>Rendimiento %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="200"/>
        <source>Quality %</source>
        <translation>Calidad %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="201"/>
        <source>Changeover</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="205"/>
        <source>Scrap by reason</source>
        <translation>Desecho por motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="206"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="206"/>
        <source>Parts</source>
        <translation>Piezas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/job_page.py" line="192"/>
        <location filename="../operator_app/screens/job_page.py" line="207"/>
        <source>No scrap recorded for this job.</source>
        <translation>No hay desecho registrado en esta orden.</translation>
    </message>
</context>
<context>
    <name>JobScreen</name>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="195"/>
        <source>No job running on this machine.</source>
        <translation>Ninguna orden en curso en esta máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="198"/>
        <source>Paused: {0} — {1}</source>
        <translation>En pausa: {0} — {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="200"/>
        <source>Running: {0} — {1}</source>
        <translation>En curso: {0} — {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="203"/>
        <source>Made {0}</source>
        <translation>Hechas {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="207"/>
        <source>Made {0} of {1}</source>
        <translation>Hechas {0} de {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="212"/>
        <source>Resume job</source>
        <translation>Reanudar orden</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="212"/>
        <source>Pause job</source>
        <translation>Pausar orden</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="244"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="245"/>
        <source>{0} — {1} — {2} parts</source>
        <translation>{0} — {1} — piezas: {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="257"/>
        <location filename="../operator_app/screens/jobs.py" line="289"/>
        <source>End {0} and start {1}</source>
        <translation>Terminar {0} y empezar {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="260"/>
        <source>Start {0}</source>
        <translation>Empezar {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="300"/>
        <source>{0} started on {1}.</source>
        <translation>{0} empezada en {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="311"/>
        <source>A job for {0} started on {1}.</source>
        <translation>Una orden de {0} empezada en {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="319"/>
        <location filename="../operator_app/screens/jobs.py" line="403"/>
        <source>{0} resumed.</source>
        <translation>{0} reanudada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="321"/>
        <source>{0} paused.</source>
        <translation>{0} en pausa.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="330"/>
        <source>End {0}</source>
        <translation>Terminar {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="331"/>
        <source>{0} ended.</source>
        <translation>{0} terminada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="336"/>
        <source>End {0} with {1} made?</source>
        <translation>¿Terminar {0} con {1} hechas?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="337"/>
        <source>End {0} with {1} of {2} made?</source>
        <translation>¿Terminar {0} con {1} de {2} hechas?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="345"/>
        <source>Keep it running</source>
        <translation>Seguir con ella</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="394"/>
        <source>You may not start jobs. Ask your supervisor.</source>
        <translation>No puede empezar órdenes. Pregunte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="405"/>
        <source>{0} is already running.</source>
        <translation>{0} ya está en curso.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="419"/>
        <source>{0} is no job of this machine and no product it makes.</source>
        <translation>{0} no es una orden de esta máquina ni un producto que haga.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="436"/>
        <source>Jobs</source>
        <translation>Órdenes</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="437"/>
        <source>Next jobs</source>
        <translation>Próximas órdenes</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="438"/>
        <source>No jobs waiting for this machine.</source>
        <translation>No hay órdenes esperando a esta máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="439"/>
        <source>End job</source>
        <translation>Terminar orden</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="440"/>
        <source>Job figures</source>
        <translation>Cifras de la orden</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/jobs.py" line="441"/>
        <source>Scan the order number or the product code to start a job.</source>
        <translation>Escanee el número de orden o el código de producto para empezar una orden.</translation>
    </message>
</context>
<context>
    <name>LineDisplay</name>
    <message>
        <location filename="../operator_app/screens/line_display.py" line="111"/>
        <source>Plant {0} · {1} shift · {2}–{3}</source>
        <translation>Planta {0} · turno: {1} · {2}–{3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/line_display.py" line="128"/>
        <source>Line display — {0} {1}</source>
        <translation>Pantalla de línea — {0} {1}</translation>
    </message>
</context>
<context>
    <name>LineTile</name>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="310"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="314"/>
        <source>{0} down since {1}</source>
        <translation>{0}: parada desde {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="317"/>
        <source>{0} down</source>
        <translation>{0}: parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="319"/>
        <source>No signal from {0}</source>
        <translation>Sin señal de {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="321"/>
        <source>No stop recorded since {0}</source>
        <translation>Sin paradas registradas desde {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="323"/>
        <source>All running since {0}</source>
        <translation>Todo en marcha desde {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="330"/>
        <source>Line {0}</source>
        <translation>Línea {0}</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../operator_app/screens/login.py" line="171"/>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="122"/>
        <source>No one on this roster has employee number {0}. Try again, or use your badge.</source>
        <translation>Nadie de esta lista tiene el número de empleado {0}. Inténtelo de nuevo o use su tarjeta.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="134"/>
        <source>{0} has no PIN on this roster: scan your badge.</source>
        <translation>{0} no tiene PIN en esta lista: pase su tarjeta.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="158"/>
        <source>Signed out after {0} without a tap; your draft is kept.</source>
        <translation>Sesión cerrada tras {0} sin tocar la pantalla; tu borrador se ha guardado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="160"/>
        <source>Signed out after {0} without a tap.</source>
        <translation>Sesión cerrada tras {0} sin tocar la pantalla.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="193"/>
        <source>The roster was just updated. Type your PIN again.</source>
        <translation>La plantilla se acaba de actualizar. Vuelva a teclear su PIN.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="202"/>
        <source>The PIN could not be checked. Try again or use your badge.</source>
        <translation>No se pudo comprobar el PIN. Inténtelo de nuevo o use su tarjeta.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="211"/>
        <source>Wrong PIN. Try again.</source>
        <translation>PIN incorrecto. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="219"/>
        <source>You can type your PIN again.</source>
        <translation>Ya puede volver a escribir su PIN.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="222"/>
        <source>Too many wrong PINs for {0}. Try again in {1} s, or use your badge.</source>
        <translation>Demasiados PIN incorrectos para {0}. Inténtelo de nuevo en {1} s o use su tarjeta.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="231"/>
        <source>Badge not recognised. Ask your supervisor.</source>
        <translation>Tarjeta no reconocida. Consulte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="264"/>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="266"/>
        <source>Plant {0} · Line {1}</source>
        <translation>Planta {0} · Línea {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="267"/>
        <source>Someone else</source>
        <translation>Otra persona</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="271"/>
        <source>Scan your badge, or type your employee number and press OK, or tap your name.</source>
        <translation>Pase su tarjeta, o escriba su número de empleado y pulse Aceptar, o toque su nombre.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="276"/>
        <source>{0}: type your PIN and press OK.</source>
        <translation>{0}: escriba su PIN y pulse Aceptar.</translation>
    </message>
</context>
<context>
    <name>MachineCard</name>
    <message>
        <location filename="../operator_app/screens/home.py" line="89"/>
        <source>Name the reason</source>
        <translation>Indicar motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="89"/>
        <source>Change reason</source>
        <translation>Cambiar motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="96"/>
        <source>Machine stopped</source>
        <translation>Máquina parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="97"/>
        <source>Running again</source>
        <translation>De nuevo en marcha</translation>
    </message>
</context>
<context>
    <name>MachineLive</name>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="26"/>
        <source>Running (live)</source>
        <translation>En marcha (en directo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="27"/>
        <source>Stopped (live)</source>
        <translation>Parada (en directo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="28"/>
        <source>No signal from the machine</source>
        <translation>Sin señal de la máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="31"/>
        <source>Waiting for machine data</source>
        <translation>Esperando datos de la máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="37"/>
        <source>Connecting to the PLC…</source>
        <translation>Conectando con el PLC…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="38"/>
        <source>PLC connected</source>
        <translation>PLC conectado</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="39"/>
        <source>PLC connected; some values cannot be read</source>
        <translation>PLC conectado; algunos valores no se pueden leer</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="42"/>
        <source>PLC not reachable</source>
        <translation>PLC inaccesible</translation>
    </message>
</context>
<context>
    <name>MachineTile</name>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="228"/>
        <source>Since {0}</source>
        <translation>Desde {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="232"/>
        <source>No stop recorded</source>
        <translation>Sin paradas registradas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="238"/>
        <location filename="../operator_app/screens/scoreboard_view.py" line="254"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="242"/>
        <source>Stopped — reason needed</source>
        <translation>Parada — falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="246"/>
        <source>Stopped: {0}? (PLC suggestion, confirm it)</source>
        <translation>Parada: ¿{0}? (sugerencia del PLC, confírmela)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scoreboard_view.py" line="250"/>
        <source>Stopped: {0}</source>
        <translation>Parada: {0}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="257"/>
        <source>Badge not recognised. Ask your supervisor.</source>
        <translation>Tarjeta no reconocida. Consulte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="323"/>
        <source>Your role cannot name a stop&apos;s reason.</source>
        <translation>Su función no permite indicar el motivo de una parada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="397"/>
        <source>The region changed the roster: {0} is signed out. Anything half made is kept. Sign in again, or ask your supervisor.</source>
        <translation>La región ha cambiado la plantilla: se ha cerrado la sesión de {0}. Lo que estaba a medias se conserva. Vuelva a identificarse o consulte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="494"/>
        <source>Your unfinished entry is back. Finish it or cancel.</source>
        <translation>Su registro sin terminar ha vuelto. Termínelo o cancélelo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="524"/>
        <source>Undone. The record is kept in the history as voided.</source>
        <translation>Deshecho. El registro se conserva en el historial como anulado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="541"/>
        <location filename="../operator_app/screens/main_window.py" line="594"/>
        <source>Local store ready</source>
        <translation>Almacén local listo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="554"/>
        <source>The local store cannot be opened, so nothing can be recorded. Call IT: {0}</source>
        <translation>No se puede abrir el almacén local, así que no se puede registrar nada. Avise a informática: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="563"/>
        <source>The local store was damaged and has been replaced; readable records were kept and the damaged file was set aside. Call IT.</source>
        <translation>El almacén local estaba dañado y se ha sustituido; se conservaron los registros legibles y el archivo dañado se apartó. Avise a informática.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="575"/>
        <source>That language is not installed on this PC.</source>
        <translation>Ese idioma no está instalado en este PC.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="579"/>
        <source>Operator client — {0} {1}</source>
        <translation>Cliente de operario — {0} {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="580"/>
        <source>Line {0}</source>
        <translation>Línea {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="581"/>
        <source>Home</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="589"/>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="601"/>
        <source>Only a supervisor can close the client.</source>
        <translation>Solo un supervisor puede cerrar el cliente.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../operator_app/screens/messages.py" line="22"/>
        <source>They are already called to this machine; the call is on the calls strip.</source>
        <translation>Ya están avisados para esta máquina; el aviso está en la franja de avisos.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="25"/>
        <source>Nobody has acknowledged this call yet.</source>
        <translation>Nadie ha aceptado este aviso todavía.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="26"/>
        <source>Nobody is at the machine yet: tap Arrived first.</source>
        <translation>Aún no hay nadie en la máquina: pulse primero Llegado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="29"/>
        <source>Someone is already at the machine; the call can only be closed now.</source>
        <translation>Ya hay alguien en la máquina; ahora el aviso solo se puede cerrar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="32"/>
        <source>This call is already closed.</source>
        <translation>Este aviso ya está cerrado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="33"/>
        <source>This call was cancelled.</source>
        <translation>Este aviso fue cancelado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="34"/>
        <source>Only a stop still going that nobody named yet can become the changeover.</source>
        <translation>Solo una parada en curso que nadie ha nombrado todavía puede pasar a ser el cambio.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="37"/>
        <source>This call is for another team, or was made by someone else.</source>
        <translation>Este aviso es para otro equipo, o lo hizo otra persona.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="40"/>
        <source>This call is of another line; answer it from a station of that line.</source>
        <translation>Este aviso es de otra línea; atiéndalo desde un puesto de esa línea.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="43"/>
        <source>That call is not known on this station.</source>
        <translation>Ese aviso no se conoce en este puesto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="44"/>
        <source>This stop already has a reason.</source>
        <translation>Esta parada ya tiene motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="45"/>
        <source>This machine is already recorded as stopped.</source>
        <translation>Esta máquina ya consta como parada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="46"/>
        <source>This stop has already ended.</source>
        <translation>Esta parada ya ha terminado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="47"/>
        <source>This was already recorded.</source>
        <translation>Esto ya estaba registrado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="48"/>
        <source>Write something in the note first.</source>
        <translation>Escriba algo en la nota primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="49"/>
        <source>The end is before the start.</source>
        <translation>El final es anterior al inicio.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="50"/>
        <source>That time is in the future.</source>
        <translation>Esa hora está en el futuro.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="51"/>
        <source>That time has no time zone.</source>
        <translation>Esa hora no tiene zona horaria.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="52"/>
        <source>The reason list has no version.</source>
        <translation>La lista de motivos no tiene versión.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="53"/>
        <source>This stop has no end yet.</source>
        <translation>Esta parada aún no ha terminado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="54"/>
        <source>A note is needed here.</source>
        <translation>Aquí hace falta una nota.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="55"/>
        <source>Choose a reason first.</source>
        <translation>Elija un motivo primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="56"/>
        <source>That record no longer exists here.</source>
        <translation>Ese registro ya no existe aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="57"/>
        <source>Choose one of the reasons under this group.</source>
        <translation>Elija uno de los motivos de este grupo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="58"/>
        <source>Your role may not do this.</source>
        <translation>Su función no permite hacer esto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="59"/>
        <source>Only a new record can be undone; ask a supervisor to correct this one.</source>
        <translation>Solo se puede deshacer un registro nuevo; pida a un supervisor que corrija este.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="62"/>
        <source>Sign in first.</source>
        <translation>Inicie sesión primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="63"/>
        <source>Only the person who recorded this (or a supervisor) can undo it.</source>
        <translation>Solo quien lo registró (o un supervisor) puede deshacerlo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="66"/>
        <source>The note is too long.</source>
        <translation>La nota es demasiado larga.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="67"/>
        <source>This overlaps another stop of the same machine; the times were not changed.</source>
        <translation>Se solapa con otra parada de la misma máquina; no se cambiaron las horas.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="70"/>
        <source>The quantity is outside the limits.</source>
        <translation>La cantidad está fuera de los límites.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="71"/>
        <source>A reason is needed for this change.</source>
        <translation>Este cambio necesita una justificación.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="72"/>
        <source>That reason is set by the system only.</source>
        <translation>Ese motivo solo lo asigna el sistema.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="73"/>
        <source>That is too long ago; ask a supervisor to correct it.</source>
        <translation>Eso fue hace demasiado tiempo; pida a un supervisor que lo corrija.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="76"/>
        <source>Too late to undo; ask a supervisor to correct the record, with a reason.</source>
        <translation>Ya es tarde para deshacer; pida a un supervisor que corrija el registro, con un motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="79"/>
        <source>That reason is not in the regional list.</source>
        <translation>Ese motivo no está en la lista regional.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="80"/>
        <source>That machine is not on this line.</source>
        <translation>Esa máquina no está en esta línea.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="81"/>
        <source>That record was voided.</source>
        <translation>Ese registro fue anulado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="82"/>
        <source>That reason does not fit here.</source>
        <translation>Ese motivo no corresponde aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="84"/>
        <source>This machine already runs a job: end it first, or start the next from the queue.</source>
        <translation>Esta máquina ya tiene una orden en curso: termínela antes, o empiece la siguiente desde la cola.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="88"/>
        <source>The quantity must be a whole number.</source>
        <translation>La cantidad debe ser un número entero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="89"/>
        <source>An order number is 1 to 64 characters long.</source>
        <translation>Un número de orden tiene de 1 a 64 caracteres.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="92"/>
        <source>A job needs a product code.</source>
        <translation>Una orden de fabricación necesita un código de producto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="93"/>
        <source>This needs the line&apos;s site file.</source>
        <translation>Para esto hace falta el archivo de configuración de la línea.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="94"/>
        <source>That job runs on another machine.</source>
        <translation>Esa orden se está fabricando en otra máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="95"/>
        <source>That job cannot do this now (another station may have changed it first).</source>
        <translation>Esa orden no puede hacer esto ahora (quizá otro puesto la cambió antes).</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="98"/>
        <source>That job is not known on this station.</source>
        <translation>Esa orden no se conoce en este puesto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="99"/>
        <source>Choose the machine the job runs on first.</source>
        <translation>Elija antes la máquina de la orden.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="100"/>
        <source>That product is not in the regional list.</source>
        <translation>Ese producto no está en la lista regional.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="101"/>
        <source>This line does not make that product.</source>
        <translation>Esta línea no hace ese producto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="102"/>
        <source>That product has no ideal cycle time on this machine; ask your supervisor.</source>
        <translation>Ese producto no tiene tiempo de ciclo ideal en esta máquina; pregunte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="105"/>
        <source>That order is already queued or run here.</source>
        <translation>Esa orden ya está en cola o se hizo aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="106"/>
        <source>That job has not run yet.</source>
        <translation>Esa orden aún no se ha hecho.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="107"/>
        <source>That time is before the job&apos;s last change.</source>
        <translation>Esa hora es anterior al último cambio de la orden.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="129"/>
        <source>This was refused: {0}</source>
        <translation>Se rechazó: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="131"/>
        <source>Someone changed this at another station first; check it and try again.</source>
        <translation>Alguien lo cambió antes en otro puesto; revíselo y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="135"/>
        <location filename="../operator_app/screens/messages.py" line="145"/>
        <source>The local store cannot be written. Nothing was saved. Call IT: {0}</source>
        <translation>No se puede escribir en el almacén local. No se guardó nada. Avise a informática: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="140"/>
        <source>This shift is signed off: a supervisor must make the change, with a reason.</source>
        <translation>Este turno está cerrado: un supervisor debe hacer el cambio, con una justificación.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="149"/>
        <source>Something went wrong and it was not saved. Try again or call IT.</source>
        <translation>Algo falló y no se guardó. Inténtelo de nuevo o avise a informática.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="49"/>
        <source>To name</source>
        <translation>Por nombrar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="55"/>
        <source>Jobs</source>
        <translation>Órdenes</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="63"/>
        <source>Trends</source>
        <translation>Tendencias</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="70"/>
        <source>Shift</source>
        <translation>Turno</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="77"/>
        <source>Lines</source>
        <translation>Líneas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="83"/>
        <source>Workflows</source>
        <translation>Procedimientos</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="90"/>
        <source>Sync problems</source>
        <translation>Problemas de sincronización</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="96"/>
        <source>Diagnostics</source>
        <translation>Diagnóstico</translation>
    </message>
</context>
<context>
    <name>NoteScreen</name>
    <message>
        <location filename="../operator_app/screens/note.py" line="64"/>
        <source>Choose the machine first.</source>
        <translation>Elija primero la máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="70"/>
        <source>Note saved for {0}.</source>
        <translation>Nota guardada para {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="88"/>
        <source>{0} of {1} characters</source>
        <translation>{0} de {1} caracteres</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="103"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="105"/>
        <source>What happened? Anything the reason list does not cover goes here.</source>
        <translation>¿Qué ha pasado? Lo que no cubra la lista de motivos va aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="107"/>
        <source>Save note</source>
        <translation>Guardar nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="108"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>NumericKeypad</name>
    <message numerus="yes">
        <location filename="../widgets/keypad.py" line="129"/>
        <source>At most %n digit(s).</source>
        <translation>
            <numerusform>Como máximo %n dígito.</numerusform>
            <numerusform>Como máximo %n dígitos.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="149"/>
        <source>Type a number first.</source>
        <translation>Escriba primero un número.</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="155"/>
        <source>The smallest allowed is {0}.</source>
        <translation>El mínimo permitido es {0}.</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="157"/>
        <source>The largest allowed is {0}.</source>
        <translation>El máximo permitido es {0}.</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="175"/>
        <source>Allowed: {0} to {1}</source>
        <translation>Permitido: de {0} a {1}</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="184"/>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="185"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="186"/>
        <source>Delete last digit</source>
        <translation>Borrar el último dígito</translation>
    </message>
</context>
<context>
    <name>QuarantineScreen</name>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="92"/>
        <source>{0} {1} — set aside {2}
Server&apos;s reason: {3}</source>
        <translation>{0} {1} — apartado {2}
Motivo del servidor: {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="127"/>
        <source>The record will be sent again.</source>
        <translation>El registro se enviará de nuevo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="133"/>
        <source>Sync problems</source>
        <translation>Problemas de sincronización</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="136"/>
        <source>The regional server refused these records. They are kept on this PC. Send one again once IT or the region has fixed the reason.</source>
        <translation>El servidor regional rechazó estos registros. Se conservan en este PC. Envíe uno de nuevo cuando IT o la región hayan resuelto el motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="141"/>
        <source>The regional server has refused no record.</source>
        <translation>El servidor regional no ha rechazado ningún registro.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="142"/>
        <source>Send again</source>
        <translation>Enviar de nuevo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/quarantine.py" line="143"/>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
</context>
<context>
    <name>ReasonGrid</name>
    <message>
        <location filename="../widgets/reason_grid.py" line="109"/>
        <source>All reasons</source>
        <translation>Todos los motivos</translation>
    </message>
    <message>
        <location filename="../widgets/reason_grid.py" line="124"/>
        <source>{0} ›</source>
        <translation>{0} ›</translation>
    </message>
    <message>
        <location filename="../widgets/reason_grid.py" line="132"/>
        <source>Choose the reason</source>
        <translation>Elija el motivo</translation>
    </message>
    <message>
        <location filename="../widgets/reason_grid.py" line="132"/>
        <source>Choose one of these</source>
        <translation>Elija uno de estos</translation>
    </message>
</context>
<context>
    <name>ReasonScreen</name>
    <message>
        <location filename="../operator_app/screens/reason.py" line="123"/>
        <source>Saved: {0} stopped for {1}.</source>
        <translation>Guardado: parada de {0} por {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="148"/>
        <source>Why did {0} stop?</source>
        <translation>¿Por qué se paró {0}?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="150"/>
        <source>Later</source>
        <translation>Más tarde</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="152"/>
        <source>Confirm: {0}</source>
        <translation>Confirmar: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="158"/>
        <source>The PLC reported fault {0}. Suggested reason: {1}.</source>
        <translation>El PLC indicó el fallo {0}. Motivo sugerido: {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="161"/>
        <source>The PLC reported a Fault without a number.</source>
        <translation>El PLC indicó un Fallo sin número.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="164"/>
        <source>The PLC reported Fault {0}, which has no reason in the standard.</source>
        <translation>El PLC indicó el Fallo {0}, que no tiene motivo en el estándar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="176"/>
        <source>Down since {0} ({1} so far).</source>
        <translation>Parada desde el {0} (lleva {1}).</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="177"/>
        <source>Stopped at {0} for {1}.</source>
        <translation>Se paró el {0} durante {1}.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../operator_app/screens/people.py" line="10"/>
        <source>Operator</source>
        <translation>Operario</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/people.py" line="11"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/people.py" line="12"/>
        <source>Maintenance</source>
        <translation>Mantenimiento</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/people.py" line="13"/>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/people.py" line="14"/>
        <source>CI engineer</source>
        <translation>Ingeniero de mejora continua</translation>
    </message>
</context>
<context>
    <name>Rules</name>
    <message>
        <location filename="../operator_app/screens/formatting.py" line="54"/>
        <source>stops shorter than {0} s are micro-stops ({1}): performance loss, inside run time (detection {2})</source>
        <translation>las paradas de menos de {0} s son microparadas: pérdida de rendimiento, dentro del tiempo de marcha</translation>
    </message>
</context>
<context>
    <name>ScrapScreen</name>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="109"/>
        <source>Choose the machine first.</source>
        <translation>Elija primero la máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="120"/>
        <source>Saved: {0} × {1} on {2}</source>
        <translation>Guardado: {0} × {1} en {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="142"/>
        <source>(no machine chosen)</source>
        <translation>(ninguna máquina elegida)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="145"/>
        <source>Scrap on {0}:
{1}

How many parts?</source>
        <translation>Desecho en {0}:
{1}

¿Cuántas piezas?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="170"/>
        <source>Record scrap</source>
        <translation>Registrar desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="171"/>
        <source>Other reason</source>
        <translation>Otro motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="172"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>ShiftJobs</name>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="47"/>
        <source>{0} with no reason yet</source>
        <translation>{0} sin motivo aún</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="147"/>
        <source>{0} of {1}</source>
        <translation>{0} de {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="167"/>
        <source>Job</source>
        <translation>Orden</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="168"/>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="169"/>
        <source>Made</source>
        <translation>Hechas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="170"/>
        <source>Scrap</source>
        <translation>Desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="171"/>
        <source>Changeover</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="172"/>
        <source>OEE %</source>
        <translation>OEE %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="175"/>
        <source>Jobs</source>
        <translation>Órdenes</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="176"/>
        <source>Start, pause or end jobs</source>
        <translation>Empezar, pausar o terminar órdenes</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="177"/>
        <source>No job ran in this shift.</source>
        <translation>No hubo órdenes en este turno.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_jobs.py" line="178"/>
        <source>Tap a job for its own page.</source>
        <translation>Toque una orden para ver su página.</translation>
    </message>
</context>
<context>
    <name>ShiftMessages</name>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="15"/>
        <source>This shift is already signed off.</source>
        <translation>Este turno ya está cerrado y firmado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="16"/>
        <source>Tick every item of the list.</source>
        <translation>Marque todos los puntos de la lista.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="17"/>
        <source>Nothing was recorded in this shift; confirm that you sign it off empty.</source>
        <translation>No se registró nada en este turno; confirme que lo firma vacío.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="20"/>
        <source>The shift&apos;s figures changed since you looked at them. Nothing was signed; look again.</source>
        <translation>Las cifras del turno han cambiado desde que las vio. No se ha firmado nada; vuelva a mirarlas.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="24"/>
        <source>Only stops of the same machine can be merged.</source>
        <translation>Solo se pueden unir paradas de la misma máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="27"/>
        <source>Only stops with the same reason can be merged.</source>
        <translation>Solo se pueden unir paradas con el mismo motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="30"/>
        <source>Choose the record this is about.</source>
        <translation>Elija el registro al que se refiere.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="31"/>
        <source>Type a whole number.</source>
        <translation>Escriba un número entero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="32"/>
        <source>These stops are not next to each other, so they cannot be merged.</source>
        <translation>Estas paradas no son consecutivas, así que no se pueden unir.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="35"/>
        <source>Confirm this step first.</source>
        <translation>Confirme primero este paso.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="36"/>
        <source>Only stops can be split or merged.</source>
        <translation>Solo las paradas se pueden dividir o unir.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="37"/>
        <source>That reason is not one this workflow allows.</source>
        <translation>Este procedimiento no admite ese motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="40"/>
        <source>This would replace a reason someone else set. Nothing was saved; look at it first.</source>
        <translation>Esto sustituiría un motivo que indicó otra persona. No se ha guardado nada; revíselo primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="44"/>
        <source>Choose two different stops.</source>
        <translation>Elija dos paradas distintas.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="45"/>
        <source>A shift can be signed off once it is over.</source>
        <translation>Un turno se firma cuando ha terminado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="48"/>
        <source>This shift has not started yet.</source>
        <translation>Este turno aún no ha empezado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="49"/>
        <source>This shift is signed off. Ask a supervisor to add to it.</source>
        <translation>Este turno está firmado. Pida a un supervisor que lo complete.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="52"/>
        <source>Look at the shift&apos;s figures and confirm them to sign off.</source>
        <translation>Revise las cifras del turno y confírmelas para firmarlo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="55"/>
        <source>The split must fall inside the stop.</source>
        <translation>La división debe caer dentro de la parada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="56"/>
        <source>There is no such shift in the calendar.</source>
        <translation>Ese turno no existe en el calendario.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/shift_messages.py" line="57"/>
        <source>That workflow is not in the regional set.</source>
        <translation>Ese procedimiento no está en el estándar regional.</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="180"/>
        <source>Shift report — {0} {1}, line {2}</source>
        <translation>Informe de turno — {0} {1}, línea {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="189"/>
        <source>{0} shift, crew {1}: {2} to {3} ({4}, {5})</source>
        <translation>Turno {0}, equipo {1}: de {2} a {3} ({4}, {5})</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="193"/>
        <source>{0} shift: {1} to {2} ({3}, {4})</source>
        <translation>Turno {0}: de {1} a {2} ({3}, {4})</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="198"/>
        <source>Signed off by {0} at {1}.</source>
        <translation>Firmado por {0} el {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="203"/>
        <source>Not signed off.</source>
        <translation>Sin firmar.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="205"/>
        <source>Shift still running: figures up to {0}.</source>
        <translation>Turno en curso: cifras hasta las {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="210"/>
        <source>OEE per machine and line</source>
        <translation>OEE por máquina y línea</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="102"/>
        <location filename="../operator_app/reports/shift_report.py" line="307"/>
        <source>Machine</source>
        <translation>Máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="103"/>
        <location filename="../operator_app/reports/shift_report.py" line="311"/>
        <source>OEE %</source>
        <translation>OEE %</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="104"/>
        <source>OEE target %</source>
        <translation>Objetivo OEE %</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="105"/>
        <source>Avail. %</source>
        <translation>Disp. %</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="106"/>
        <source>Perf. %</source>
        <translation>Rend. %</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="107"/>
        <source>Qual. %</source>
        <translation>Cal. %</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="108"/>
        <source>Good</source>
        <translation>Buenas</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="109"/>
        <source>Reject</source>
        <translation>Rechazo</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="110"/>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="111"/>
        <source>Downtime</source>
        <translation>Tiempo de parada</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="112"/>
        <source>MTBF</source>
        <translation>MTBF</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="113"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="119"/>
        <source>Line {0}</source>
        <translation>Línea {0}</translation>
    </message>
    <message numerus="yes">
        <location filename="../operator_app/reports/shift_report.py" line="147"/>
        <source>Data quality: {0} % of downtime has a reason, {1} % is under &quot;Other&quot;, %n stop(s) still to name.</source>
        <translation>
            <numerusform>Calidad de datos: el {0} % del tiempo de parada tiene motivo, el {1} % está en «Otros», %n parada aún sin motivo.</numerusform>
            <numerusform>Calidad de datos: el {0} % del tiempo de parada tiene motivo, el {1} % está en «Otros», %n paradas aún sin motivo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../operator_app/reports/shift_report.py" line="155"/>
        <source>%n change(s) made after sign-off, each with its reason in the audit trail.</source>
        <translation>
            <numerusform>%n cambio hecho después de la firma, con su motivo en el registro de auditoría.</numerusform>
            <numerusform>%n cambios hechos después de la firma, cada uno con su motivo en el registro de auditoría.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="215"/>
        <source>Rules: catalogue {0}; formula {1}; shift calendar {2}; micro-stops: {3}. Events captured under catalogue(s): {4}.</source>
        <translation>Reglas: catálogo {0}; fórmula {1}; calendario de turnos {2}; microparadas: {3}. Eventos registrados con el/los catálogo(s): {4}.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="237"/>
        <source>Downtime by reason (minutes; grey: planned)</source>
        <translation>Tiempo de parada por motivo (minutos; gris: planificado)</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="243"/>
        <location filename="../operator_app/reports/shift_report.py" line="309"/>
        <source>Scrap by reason</source>
        <translation>Desecho por motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="247"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="248"/>
        <source>Parts</source>
        <translation>Piezas</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="249"/>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="258"/>
        <source>No scrap recorded.</source>
        <translation>No se ha registrado desecho.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="260"/>
        <source>Handover notes</source>
        <translation>Notas de relevo</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="263"/>
        <source>{0}, {1}: {2}</source>
        <translation>{0}, {1}: {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="268"/>
        <source>None.</source>
        <translation>Ninguna.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="280"/>
        <source>Jobs</source>
        <translation>Órdenes</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="288"/>
        <source>{0} of {1}</source>
        <translation>{0} de {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="305"/>
        <source>Job</source>
        <translation>Orden</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="306"/>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="308"/>
        <source>Made</source>
        <translation>Hechas</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="310"/>
        <source>Changeover</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="319"/>
        <source>{0} more job(s): see the export (operator-app export --jobs).</source>
        <translation>{0} orden(es) más: vea la exportación (operator-app export --jobs).</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="329"/>
        <source>No downtime recorded.</source>
        <translation>No se han registrado paradas.</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="362"/>
        <source>(no reason yet)</source>
        <translation>(aún sin motivo)</translation>
    </message>
    <message>
        <location filename="../operator_app/reports/shift_report.py" line="390"/>
        <source>Shift report {0}</source>
        <translation>Informe de turno {0}</translation>
    </message>
</context>
<context>
    <name>Shifts</name>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="73"/>
        <source>Early</source>
        <translation>Mañana</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="74"/>
        <source>Late</source>
        <translation>Tarde</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="75"/>
        <source>Night</source>
        <translation>Noche</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="76"/>
        <source>Day</source>
        <translation>Día</translation>
    </message>
</context>
<context>
    <name>SignOffConfirmation</name>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="66"/>
        <source>Sign off shift</source>
        <translation>Firmar el turno</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="67"/>
        <source>Sign off {0}?</source>
        <translation>¿Firmar {0}?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="70"/>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="73"/>
        <source>OEE</source>
        <translation>OEE</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="74"/>
        <source>Availability</source>
        <translation>Disponibilidad</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="75"/>
        <source>Performance</source>
        <translation>Rendimiento</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="76"/>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="77"/>
        <source>Downtime</source>
        <translation>Tiempo de parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="78"/>
        <source>Stops</source>
        <translation>Paradas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="79"/>
        <source>Good parts</source>
        <translation>Piezas buenas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="80"/>
        <source>Scrap parts</source>
        <translation>Piezas desechadas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="88"/>
        <source>Stops still without a reason: {0}.</source>
        <translation>Paradas aún sin motivo: {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="90"/>
        <source>Every stop has a reason.</source>
        <translation>Todas las paradas tienen motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="92"/>
        <source>No stops recorded.</source>
        <translation>No hay paradas registradas.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="100"/>
        <source>Nothing was recorded in this shift: no stops, no scrap and no part counts. The client may not have been running, so these figures stand for nothing.</source>
        <translation>No se registró nada en este turno: ni paradas, ni desechos, ni recuentos de piezas. Puede que el cliente no estuviera en marcha, así que estas cifras no reflejan nada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="107"/>
        <source>Sign off a shift with nothing recorded in it? Once signed off, any change to it needs a supervisor and a reason.</source>
        <translation>¿Firmar un turno sin nada registrado? Una vez firmado, cualquier cambio necesita un supervisor y un motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="111"/>
        <source>Yes, sign off the empty shift</source>
        <translation>Sí, firmar el turno vacío</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="113"/>
        <source>Sign off this empty shift anyway?</source>
        <translation>¿Firmar de todos modos este turno vacío?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="114"/>
        <source>Sign off the empty shift</source>
        <translation>Firmar el turno vacío</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="118"/>
        <source>Signing off keeps these figures with your name. Afterwards, changes to the shift need a reason.</source>
        <translation>Al firmar, estas cifras quedan guardadas con su nombre. Después, los cambios en el turno necesitan un motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="122"/>
        <source>Sign off</source>
        <translation>Firmar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/signoff_confirmation.py" line="123"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>StandingProblems</name>
    <message>
        <location filename="../operator_app/screens/standing_problems.py" line="34"/>
        <source>No answer from the PLC of {0}: its stops and parts are not recorded automatically until it answers.</source>
        <translation>El PLC de {0} no responde: sus paradas y piezas no se registran automáticamente hasta que responda.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/standing_problems.py" line="44"/>
        <source>What the machines report cannot be recorded in the local store. Call IT.</source>
        <translation>Lo que informan las máquinas no se puede guardar en el almacén local. Avise a informática.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../operator_app/screens/app.py" line="214"/>
        <source>Configuration not valid</source>
        <translation>Configuración no válida</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/app.py" line="216"/>
        <source>The site configuration {0} cannot be used:</source>
        <translation>No se puede usar la configuración del sitio {0}:</translation>
    </message>
    <message>
        <location filename="../operator_app/operations/startup.py" line="49"/>
        <source>The client is already running</source>
        <translation>El cliente ya está en marcha</translation>
    </message>
    <message>
        <location filename="../operator_app/operations/startup.py" line="50"/>
        <source>Another operator client already uses this data directory, so this one does not start. Use the running client, or call IT.</source>
        <translation>Otro cliente de operario ya usa esta carpeta de datos, así que este no se inicia. Use el cliente que está en marcha o llame a IT.</translation>
    </message>
    <message>
        <location filename="../operator_app/operations/startup.py" line="67"/>
        <source>The data directory cannot be used</source>
        <translation>No se puede usar la carpeta de datos</translation>
    </message>
    <message>
        <location filename="../operator_app/operations/startup.py" line="71"/>
        <source>The data directory {0} cannot be used: {1}. Nothing can be recorded. Call IT.</source>
        <translation>No se puede usar la carpeta de datos {0}: {1}. No se puede registrar nada. Llame a IT.</translation>
    </message>
    <message>
        <location filename="../operator_app/operations/startup.py" line="125"/>
        <source>Something went wrong and was written to the log. If it happens again, call IT.</source>
        <translation>Algo ha fallado y ha quedado anotado en el registro. Si vuelve a ocurrir, llame a IT.</translation>
    </message>
</context>
<context>
    <name>StopPrompt</name>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="135"/>
        <source>Name the reason</source>
        <translation>Indicar el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="152"/>
        <source>Confirm or change</source>
        <translation>Confirmar o cambiar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="156"/>
        <source>{0} stopped at {1}. What happened?</source>
        <translation>{0} se paró a las {1}. ¿Qué ha pasado?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="161"/>
        <source>{0} stopped at {1} with fault {2}. Suggested reason: {3}. Is that right?</source>
        <translation>{0} se paró a las {1} con el fallo {2}. Motivo sugerido: {3}. ¿Es correcto?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="164"/>
        <source>{0} stopped at {1} with a Fault. What happened?</source>
        <translation>{0} se paró a las {1} con un Fallo. ¿Qué ha pasado?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="165"/>
        <source>{0} stopped at {1} with Fault {2}. What happened?</source>
        <translation>{0} se paró a las {1} con el Fallo {2}. ¿Qué ha pasado?</translation>
    </message>
</context>
<context>
    <name>SupervisorScreen</name>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="426"/>
        <source>No shift in the calendar yet</source>
        <translation>Aún no hay ningún turno en el calendario</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="433"/>
        <source>{0} shift, crew {1}: {2} to {3} ({4})</source>
        <translation>Turno {0}, equipo {1}: de {2} a {3} ({4})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="437"/>
        <source>{0} shift: {1} to {2} ({3})</source>
        <translation>Turno {0}: de {1} a {2} ({3})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="456"/>
        <source>Line {0}</source>
        <translation>Línea {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="483"/>
        <source>Downtime with a reason: {0} %. Under &quot;Other&quot;: {1} %. Stops still to name: {2}.</source>
        <translation>Tiempo de parada con motivo: {0} %. En «Otros»: {1} %. Paradas aún sin motivo: {2}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="495"/>
        <source>Computed with catalogue {0}, formula {1}, shift calendar {2}. Micro-stops: {3}</source>
        <translation>Calculado con el catálogo {0}, la fórmula OEE de la norma ISO 22400 (disponibilidad × rendimiento × calidad) y el calendario de turnos {2}. Microparadas: {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="517"/>
        <source>{0}, {1}: {2}</source>
        <translation>{0}, {1}: {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="522"/>
        <source>Signed off by {0} at {1}. Changes now need a reason.</source>
        <translation>Firmado por {0} el {1}. Los cambios ahora necesitan un motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="527"/>
        <source>Shift over, not signed off yet.</source>
        <translation>Turno terminado, aún sin firmar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="529"/>
        <source>Shift running: figures up to {0}.</source>
        <translation>Turno en curso: cifras hasta las {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="539"/>
        <source>Part counters: no restart, jump or gap this shift.</source>
        <translation>Contadores de piezas: ningún reinicio, salto ni hueco en este turno.</translation>
    </message>
    <message numerus="yes">
        <location filename="../operator_app/screens/supervisor.py" line="541"/>
        <source>Part counter discontinuities this shift: %n.</source>
        <translation>
            <numerusform>Discontinuidades de los contadores de piezas en este turno: %n.</numerusform>
            <numerusform>Discontinuidades de los contadores de piezas en este turno: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="555"/>
        <source>{0} {1}, {2}: impossible jump, {3} to {4}; nothing credited.</source>
        <translation>{0} {1}, {2}: salto imposible, de {3} a {4}; no se contó nada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="563"/>
        <source>… and {0} earlier.</source>
        <translation>… y {0} más.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="574"/>
        <source>good parts</source>
        <translation>piezas buenas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="576"/>
        <source>rejects</source>
        <translation>rechazos</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="582"/>
        <source>{0} (capped)</source>
        <translation>{0} (limitado)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="588"/>
        <location filename="../operator_app/screens/supervisor.py" line="910"/>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="588"/>
        <location filename="../operator_app/screens/supervisor.py" line="910"/>
        <source>Cumulative %</source>
        <translation>Acumulado %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="614"/>
        <source>{0} of {1}</source>
        <translation>{0} de {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="635"/>
        <source>{0} {1} for {2}: {3}</source>
        <translation>{0} {1} durante {2}: {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="642"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="644"/>
        <source>{0} [changed after sign-off]</source>
        <translation>{0} [cambiado después de la firma]</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="652"/>
        <source>(no reason yet)</source>
        <translation>(aún sin motivo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="688"/>
        <source>Choose a stop in the list first.</source>
        <translation>Elija primero una parada de la lista.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="700"/>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="730"/>
        <source>This change needs a why: type it here first.</source>
        <translation>Este cambio necesita un porqué: escríbalo aquí primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="760"/>
        <source>This stop is too short to split: it lasted less than a minute.</source>
        <translation>Esta parada es demasiado corta para dividirla: duró menos de un minuto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="766"/>
        <source>Split the stop of {0} at {1}: after how many minutes?</source>
        <translation>Dividir la parada de {0} de las {1}: ¿tras cuántos minutos?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="791"/>
        <source>There is no later stop of this machine.</source>
        <translation>No hay ninguna parada posterior de esta máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="843"/>
        <source>Handover note saved.</source>
        <translation>Nota de relevo guardada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="872"/>
        <source>Shift signed off.</source>
        <translation>Turno firmado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="878"/>
        <source>◀ Earlier</source>
        <translation>◀ Anterior</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="879"/>
        <source>Later ▶</source>
        <translation>Siguiente ▶</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="880"/>
        <source>Current shift</source>
        <translation>Turno actual</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="881"/>
        <source>Overview</source>
        <translation>Resumen</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="882"/>
        <source>Losses</source>
        <translation>Pérdidas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="883"/>
        <source>Stops</source>
        <translation>Paradas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="884"/>
        <source>Handover</source>
        <translation>Relevo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="887"/>
        <source>Machine</source>
        <translation>Máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="888"/>
        <source>OEE %</source>
        <translation>OEE %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="889"/>
        <source>OEE target %</source>
        <translation>Objetivo OEE %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="890"/>
        <source>Availability %</source>
        <translation>Disponibilidad %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="891"/>
        <source>Performance %</source>
        <translation>Rendimiento %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="892"/>
        <source>Quality %</source>
        <translation>Calidad %</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="893"/>
        <source>Good</source>
        <translation>Buenas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="894"/>
        <source>Target</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="895"/>
        <source>Downtime</source>
        <translation>Tiempo de parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="896"/>
        <source>MTBF</source>
        <translation>MTBF</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="897"/>
        <source>MTTR</source>
        <translation>MTTR</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="901"/>
        <source>Scrap reason</source>
        <translation>Motivo de desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="901"/>
        <source>Parts</source>
        <translation>Piezas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="901"/>
        <source>Records</source>
        <translation>Registros</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="923"/>
        <source>This shift is still running; it is signed off once it has ended.</source>
        <translation>Este turno sigue en curso; se firma al terminar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="925"/>
        <source>◀ Sign off the shift before</source>
        <translation>◀ Firmar el turno anterior</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="733"/>
        <source>Why (needed to change a reason, split or merge)</source>
        <translation>Por qué (necesario para cambiar un motivo, dividir o unir)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="553"/>
        <source>{0} {1}, {2}: counter restarted, {3} to {4}; parts credited: {5}.</source>
        <translation>{0} {1}, {2}: el contador se reinició, de {3} a {4}; piezas contadas: {5}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="558"/>
        <source>{0} {1}, {2}: read again after a gap, {3} to {4}; parts credited: {5}.</source>
        <translation>{0} {1}, {2}: leído de nuevo tras un hueco, de {3} a {4}; piezas contadas: {5}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="912"/>
        <source>Change reason</source>
        <translation>Cambiar motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="913"/>
        <source>Split</source>
        <translation>Dividir</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="914"/>
        <source>Merge with next</source>
        <translation>Unir con la siguiente</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="915"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="916"/>
        <source>Save note</source>
        <translation>Guardar nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="918"/>
        <source>Back to the list</source>
        <translation>Volver a la lista</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="919"/>
        <source>Handover note for the next shift</source>
        <translation>Nota de relevo para el siguiente turno</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="920"/>
        <source>Add handover note</source>
        <translation>Añadir nota de relevo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/supervisor.py" line="921"/>
        <source>Sign off shift</source>
        <translation>Firmar el turno</translation>
    </message>
</context>
<context>
    <name>SyncOverview</name>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="44"/>
        <source>This PC is not set up to send records to a regional server.</source>
        <translation>Este PC no está configurado para enviar registros a un servidor regional.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="47"/>
        <source>This PC has never reached the regional server.</source>
        <translation>Este PC nunca ha conectado con el servidor regional.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="50"/>
        <source>The regional server cannot be reached at the moment.</source>
        <translation>En este momento no se puede conectar con el servidor regional.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="54"/>
        <source>Records waiting to be sent: {0}, the oldest since {1}.</source>
        <translation>Registros pendientes de envío: {0}, el más antiguo desde {1}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="61"/>
        <source>No record is waiting to be sent.</source>
        <translation>No hay ningún registro pendiente de envío.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="64"/>
        <source>Last delivery to the regional server: {0}.</source>
        <translation>Última entrega al servidor regional: {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="70"/>
        <source>Last contact with the regional server: {0}.</source>
        <translation>Último contacto con el servidor regional: {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/sync_words.py" line="76"/>
        <source>Records the regional server refused: {0} (see Sync problems).</source>
        <translation>Registros rechazados por el servidor regional: {0} (ver Problemas de sincronización).</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="235"/>
        <source>Sync stopped: the regional server refuses this PC&apos;s key. Call IT.</source>
        <translation>Sincronización detenida: el servidor regional rechaza la clave de este PC. Llame a IT.</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="240"/>
        <source>Online</source>
        <translation>En línea</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="242"/>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="245"/>
        <source>waiting to send: {0}</source>
        <translation>pendientes de envío: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="249"/>
        <source>last sync {0}</source>
        <translation>última sincronización {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="251"/>
        <source>never synced</source>
        <translation>nunca sincronizado</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="254"/>
        <source>refused by the server: {0} (see Sync problems)</source>
        <translation>rechazados por el servidor: {0} (ver Problemas de sincronización)</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="260"/>
        <source>PC clock off by {0} s</source>
        <translation>reloj del PC desviado {0} s</translation>
    </message>
    <message>
        <location filename="../operator_app/workers/sync_worker.py" line="263"/>
        <source>new regional standards refused, old ones kept</source>
        <translation>nuevos estándares regionales rechazados, se mantienen los anteriores</translation>
    </message>
</context>
<context>
    <name>TouchKeyboard</name>
    <message>
        <location filename="../widgets/touch_keyboard.py" line="236"/>
        <source>Delete the last character</source>
        <translation>Borrar el último carácter</translation>
    </message>
    <message>
        <location filename="../widgets/touch_keyboard.py" line="238"/>
        <source>New line</source>
        <translation>Nueva línea</translation>
    </message>
    <message>
        <location filename="../widgets/touch_keyboard.py" line="239"/>
        <source>Capital letters</source>
        <translation>Mayúsculas</translation>
    </message>
    <message>
        <location filename="../widgets/touch_keyboard.py" line="240"/>
        <source>space</source>
        <translation>espacio</translation>
    </message>
    <message>
        <location filename="../widgets/touch_keyboard.py" line="241"/>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>TrendScreen</name>
    <message>
        <location filename="../operator_app/screens/trends.py" line="163"/>
        <source>Good parts this shift</source>
        <translation>Piezas buenas en este turno</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="165"/>
        <source>Rejects this shift</source>
        <translation>Rechazos en este turno</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="218"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="321"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="323"/>
        <source>On</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="323"/>
        <source>Off</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="329"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="331"/>
        <source>No signal</source>
        <translation>Sin señal</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="333"/>
        <source>Not updated</source>
        <translation>Sin actualizar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="336"/>
        <source>Above limit</source>
        <translation>Por encima del límite</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="338"/>
        <source>Below limit</source>
        <translation>Por debajo del límite</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="349"/>
        <source>Connecting to the PLC…</source>
        <translation>Conectando con el PLC…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="350"/>
        <source>PLC connected</source>
        <translation>PLC conectado</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="351"/>
        <source>PLC connected; some values cannot be read</source>
        <translation>PLC conectado; algunos valores no se pueden leer</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="352"/>
        <source>PLC not reachable: values are not live</source>
        <translation>PLC inaccesible: los valores no están al día</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="358"/>
        <source>Trends</source>
        <translation>Tendencias</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="359"/>
        <source>Last hour</source>
        <translation>Última hora</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="360"/>
        <source>Whole shift</source>
        <translation>Turno completo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="362"/>
        <source>Choose values to plot.</source>
        <translation>Elija los valores que quiere ver.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="364"/>
        <source>No machine on this line sends live data.</source>
        <translation>Ninguna máquina de esta línea envía datos en directo.</translation>
    </message>
</context>
<context>
    <name>UncategorizedScreen</name>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="88"/>
        <source>{0} — down since {1} ({2}) — {3}</source>
        <translation>{0} — parada desde {1} ({2}) — {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="91"/>
        <source>{0} — stopped at {1} for {2} — {3}</source>
        <translation>{0} — parada a las {1} durante {2} — {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="99"/>
        <source>suggested by the PLC: {0}, confirm it</source>
        <translation>sugerido por el PLC: {0}, confírmelo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="103"/>
        <source>Fault, reason needed</source>
        <translation>Fallo, falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="106"/>
        <source>Fault {0}, reason needed</source>
        <translation>Fallo {0}, falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="107"/>
        <source>reason needed</source>
        <translation>falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="110"/>
        <source>Stops to name</source>
        <translation>Paradas por nombrar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="111"/>
        <source>Every stop has a reason. Nothing to do here.</source>
        <translation>Todas las paradas tienen motivo. Nada que hacer aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="113"/>
        <source>Your role can see the stops still to name, but not name them.</source>
        <translation>Su función permite ver las paradas por nombrar, pero no nombrarlas.</translation>
    </message>
</context>
<context>
    <name>UndoBanner</name>
    <message>
        <location filename="../widgets/undo_banner.py" line="74"/>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
</context>
<context>
    <name>WorkflowRunnerScreen</name>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="269"/>
        <source>{0}: {1}, stopped at {2} ({3})</source>
        <translation>{0}: {1}, parada desde las {2} ({3})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="273"/>
        <location filename="../operator_app/screens/workflow_runner.py" line="329"/>
        <source>no reason yet</source>
        <translation>aún sin motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="319"/>
        <source>{0} {1}: {2} × {3}</source>
        <translation>{0} {1}: {2} × {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="326"/>
        <source>{0} {1}: {2}</source>
        <translation>{0} {1}: {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="336"/>
        <source>Which record is this about?</source>
        <translation>¿A qué registro se refiere?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="336"/>
        <source>Nothing to review.</source>
        <translation>Nada que revisar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="374"/>
        <source>Keep: {0}</source>
        <translation>Conservar el motivo: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="389"/>
        <source>{0} — step {1} of {2}</source>
        <translation>{0} — paso {1} de {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="418"/>
        <source>Tick every item before going on.</source>
        <translation>Marque todos los puntos antes de seguir.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="424"/>
        <source>Write a note before going on.</source>
        <translation>Escriba una nota antes de seguir.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="479"/>
        <source>Saved: the workflow is recorded.</source>
        <translation>Guardado: el procedimiento queda registrado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="501"/>
        <source>This replaces {0} (set by {1}, {2}, {3}) with {4}.</source>
        <translation>Esto sustituye {0} (indicado por {1}, {2}, {3}) por {4}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="505"/>
        <source>This replaces {0} (set by {1}, {2}) with {3}.</source>
        <translation>Esto sustituye {0} (indicado por {1}, {2}) por {3}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="550"/>
        <source>(no reason yet)</source>
        <translation>(aún sin motivo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="566"/>
        <source>Exported to {0}</source>
        <translation>Exportado a {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="571"/>
        <source>Workflows</source>
        <translation>Procedimientos</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="572"/>
        <source>Due now</source>
        <translation>Pendientes ahora</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="573"/>
        <source>Start by hand</source>
        <translation>Iniciar a mano</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="574"/>
        <source>Nothing is due for your role right now.</source>
        <translation>Ahora no hay nada pendiente para su función.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="575"/>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="576"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="577"/>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="578"/>
        <source>Replace</source>
        <translation>Sustituir</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="579"/>
        <source>Keep and add note</source>
        <translation>Conservar el motivo y añadir nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="581"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="581"/>
        <source>Downtime</source>
        <translation>Tiempo de parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="581"/>
        <source>Stops</source>
        <translation>Paradas</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/workflow_runner.py" line="583"/>
        <source>Minutes</source>
        <translation>Minutos</translation>
    </message>
</context>
</TS>
