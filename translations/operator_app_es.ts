<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Formatting</name>
    <message>
        <location filename="../operator_app/screens/formatting.py" line="24"/>
        <source>%n min</source>
        <translation>%n min</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/formatting.py" line="26"/>
        <source>{0} h {1} min</source>
        <translation>{0} h {1} min</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../operator_app/screens/home.py" line="187"/>
        <source>To name ({0})</source>
        <translation>Por nombrar ({0})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="189"/>
        <location filename="../operator_app/screens/home.py" line="265"/>
        <source>To name</source>
        <translation>Por nombrar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="209"/>
        <source>(no reason yet)</source>
        <translation>(aún sin motivo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="211"/>
        <source>{0} × {1}</source>
        <translation>{0} × {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="212"/>
        <source>{0}  {1}  {2}</source>
        <translation>{0}  {1}  {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="221"/>
        <source>Stop recorded for {0}.</source>
        <translation>Parada registrada para {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="239"/>
        <source>{0} is running again.</source>
        <translation>{0} vuelve a funcionar.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="263"/>
        <source>Scrap</source>
        <translation>Desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="264"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="266"/>
        <source>Latest records</source>
        <translation>Últimos registros</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../operator_app/screens/login.py" line="63"/>
        <source>Too many wrong PINs. Wait 30 seconds or use your badge.</source>
        <translation>Demasiados PIN incorrectos. Espere 30 segundos o use su tarjeta.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="68"/>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="81"/>
        <source>PIN not recognised. Try again.</source>
        <translation>PIN no reconocido. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="88"/>
        <source>The PIN could not be checked. Try again or use your badge.</source>
        <translation>No se pudo comprobar el PIN. Inténtelo de nuevo o use su tarjeta.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="94"/>
        <source>Badge not recognised. Ask your supervisor.</source>
        <translation>Tarjeta no reconocida. Consulte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="104"/>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="106"/>
        <source>Plant {0} · Line {1}</source>
        <translation>Planta {0} · Línea {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/login.py" line="107"/>
        <source>Scan your badge, or type your PIN and press OK.</source>
        <translation>Pase su tarjeta, o escriba su PIN y pulse Aceptar.</translation>
    </message>
</context>
<context>
    <name>MachineCard</name>
    <message>
        <location filename="../operator_app/screens/home.py" line="82"/>
        <source>Running</source>
        <translation>En marcha</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="89"/>
        <source>Stopped — reason needed</source>
        <translation>Parada — falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="92"/>
        <source>Stopped: {0}</source>
        <translation>Parada: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="93"/>
        <source>Since {0} ({1})</source>
        <translation>Desde las {0} ({1})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="103"/>
        <source>Name the reason</source>
        <translation>Indicar motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="105"/>
        <source>Change reason</source>
        <translation>Cambiar motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="109"/>
        <source>Machine stopped</source>
        <translation>Máquina parada</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/home.py" line="110"/>
        <source>Running again</source>
        <translation>De nuevo en marcha</translation>
    </message>
</context>
<context>
    <name>MachineLive</name>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="24"/>
        <source>Running (live)</source>
        <translation>En marcha (en directo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="25"/>
        <source>Stopped (live)</source>
        <translation>Parada (en directo)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="26"/>
        <source>No signal from the machine</source>
        <translation>Sin señal de la máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="29"/>
        <source>Waiting for machine data</source>
        <translation>Esperando datos de la máquina</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="35"/>
        <source>Connecting to the PLC…</source>
        <translation>Conectando con el PLC…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="36"/>
        <source>PLC connected</source>
        <translation>PLC conectado</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="37"/>
        <source>PLC connected; some values cannot be read</source>
        <translation>PLC conectado; algunos valores no se pueden leer</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="40"/>
        <source>PLC not reachable</source>
        <translation>PLC inaccesible</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="122"/>
        <location filename="../operator_app/screens/main_window.py" line="309"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="144"/>
        <source>Badge not recognised. Ask your supervisor.</source>
        <translation>Tarjeta no reconocida. Consulte a su supervisor.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="253"/>
        <source>Your unfinished entry is back. Finish it or cancel.</source>
        <translation>Su registro sin terminar ha vuelto. Termínelo o cancélelo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="266"/>
        <location filename="../operator_app/screens/main_window.py" line="312"/>
        <source>Local store ready</source>
        <translation>Almacén local listo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="271"/>
        <source>The local store cannot be opened, so nothing can be recorded. Call IT: {0}</source>
        <translation>No se puede abrir el almacén local, así que no se puede registrar nada. Avise a informática: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="281"/>
        <source>That language is not installed on this PC.</source>
        <translation>Ese idioma no está instalado en este PC.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="295"/>
        <source>Operator client — {0} {1}</source>
        <translation>Cliente de operario — {0} {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="296"/>
        <source>Line {0}</source>
        <translation>Línea {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="297"/>
        <source>Home</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="305"/>
        <source>Sign out</source>
        <translation>Cerrar sesión</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="318"/>
        <source>Only a supervisor can close the client.</source>
        <translation>Solo un supervisor puede cerrar el cliente.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../operator_app/screens/messages.py" line="23"/>
        <source>This stop already has a reason.</source>
        <translation>Esta parada ya tiene motivo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="24"/>
        <source>This machine is already recorded as stopped.</source>
        <translation>Esta máquina ya consta como parada.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="25"/>
        <source>This stop has already ended.</source>
        <translation>Esta parada ya ha terminado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="26"/>
        <source>This was already recorded.</source>
        <translation>Esto ya estaba registrado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="27"/>
        <source>Write something in the note first.</source>
        <translation>Escriba algo en la nota primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="28"/>
        <source>The end is before the start.</source>
        <translation>El final es anterior al inicio.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="29"/>
        <source>That time is in the future.</source>
        <translation>Esa hora está en el futuro.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="30"/>
        <source>That time has no time zone.</source>
        <translation>Esa hora no tiene zona horaria.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="31"/>
        <source>The reason list has no version.</source>
        <translation>La lista de motivos no tiene versión.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="32"/>
        <source>This stop has no end yet.</source>
        <translation>Esta parada aún no ha terminado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="33"/>
        <source>A note is needed here.</source>
        <translation>Aquí hace falta una nota.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="34"/>
        <source>Choose a reason first.</source>
        <translation>Elija un motivo primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="35"/>
        <source>That record no longer exists here.</source>
        <translation>Ese registro ya no existe aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="36"/>
        <source>Choose one of the reasons under this group.</source>
        <translation>Elija uno de los motivos de este grupo.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="37"/>
        <source>Your role may not do this.</source>
        <translation>Su función no permite hacer esto.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="38"/>
        <source>Sign in first.</source>
        <translation>Inicie sesión primero.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="39"/>
        <source>The note is too long.</source>
        <translation>La nota es demasiado larga.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="40"/>
        <source>This overlaps another stop of the same machine; the times were not changed.</source>
        <translation>Se solapa con otra parada de la misma máquina; no se cambiaron las horas.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="43"/>
        <source>The quantity is outside the limits.</source>
        <translation>La cantidad está fuera de los límites.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="44"/>
        <source>A reason is needed for this change.</source>
        <translation>Este cambio necesita una justificación.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="45"/>
        <source>That reason is set by the system only.</source>
        <translation>Ese motivo solo lo asigna el sistema.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="46"/>
        <source>That is too long ago; ask a supervisor to correct it.</source>
        <translation>Eso fue hace demasiado tiempo; pida a un supervisor que lo corrija.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="49"/>
        <source>That reason is not in the regional list.</source>
        <translation>Ese motivo no está en la lista regional.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="50"/>
        <source>That machine is not on this line.</source>
        <translation>Esa máquina no está en esta línea.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="51"/>
        <source>That record was voided.</source>
        <translation>Ese registro fue anulado.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="52"/>
        <source>That reason does not fit here.</source>
        <translation>Ese motivo no corresponde aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="63"/>
        <source>This was refused: {0}</source>
        <translation>Se rechazó: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="65"/>
        <location filename="../operator_app/screens/messages.py" line="69"/>
        <source>The local store cannot be written. Nothing was saved. Call IT: {0}</source>
        <translation>No se puede escribir en el almacén local. No se guardó nada. Avise a informática: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/messages.py" line="73"/>
        <source>Something went wrong and it was not saved. Try again or call IT.</source>
        <translation>Algo falló y no se guardó. Inténtelo de nuevo o avise a informática.</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="36"/>
        <source>To name</source>
        <translation>Por nombrar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/navigation.py" line="41"/>
        <source>Trends</source>
        <translation>Tendencias</translation>
    </message>
</context>
<context>
    <name>NoteScreen</name>
    <message>
        <location filename="../operator_app/screens/note.py" line="62"/>
        <source>Choose the machine first.</source>
        <translation>Elija primero la máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="67"/>
        <source>Note saved for {0}.</source>
        <translation>Nota guardada para {0}.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="81"/>
        <source>{0} of {1} characters</source>
        <translation>{0} de {1} caracteres</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="96"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="98"/>
        <source>What happened? Anything the reason list does not cover goes here.</source>
        <translation>¿Qué ha pasado? Lo que no cubra la lista de motivos va aquí.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="100"/>
        <source>Save note</source>
        <translation>Guardar nota</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/note.py" line="101"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>NumericKeypad</name>
    <message numerus="yes">
        <location filename="../widgets/keypad.py" line="89"/>
        <source>At most %n digit(s).</source>
        <translation>
            <numerusform>Como máximo %n dígito.</numerusform>
            <numerusform>Como máximo %n dígitos.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="109"/>
        <source>Type a number first.</source>
        <translation>Escriba primero un número.</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="115"/>
        <source>The smallest allowed is {0}.</source>
        <translation>El mínimo permitido es {0}.</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="117"/>
        <source>The largest allowed is {0}.</source>
        <translation>El máximo permitido es {0}.</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="135"/>
        <source>Allowed: {0} to {1}</source>
        <translation>Permitido: de {0} a {1}</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="144"/>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="145"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../widgets/keypad.py" line="146"/>
        <source>Delete last digit</source>
        <translation>Borrar el último dígito</translation>
    </message>
</context>
<context>
    <name>ReasonGrid</name>
    <message>
        <location filename="../widgets/reason_grid.py" line="104"/>
        <source>All reasons</source>
        <translation>Todos los motivos</translation>
    </message>
    <message>
        <location filename="../widgets/reason_grid.py" line="117"/>
        <source>{0} ›</source>
        <translation>{0} ›</translation>
    </message>
    <message>
        <location filename="../widgets/reason_grid.py" line="124"/>
        <source>Choose the reason</source>
        <translation>Elija el motivo</translation>
    </message>
    <message>
        <location filename="../widgets/reason_grid.py" line="124"/>
        <source>Choose one of these</source>
        <translation>Elija uno de estos</translation>
    </message>
</context>
<context>
    <name>ReasonScreen</name>
    <message>
        <location filename="../operator_app/screens/reason.py" line="64"/>
        <source>Saved: {0}</source>
        <translation>Guardado: {0}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="84"/>
        <source>Why did {0} stop?</source>
        <translation>¿Por qué se paró {0}?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/reason.py" line="85"/>
        <source>Later</source>
        <translation>Más tarde</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="285"/>
        <source>Operator</source>
        <translation>Operario</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="286"/>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="287"/>
        <source>Maintenance</source>
        <translation>Mantenimiento</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="288"/>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/main_window.py" line="289"/>
        <source>CI engineer</source>
        <translation>Ingeniero de mejora continua</translation>
    </message>
</context>
<context>
    <name>ScrapScreen</name>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="106"/>
        <source>Choose the machine first.</source>
        <translation>Elija primero la máquina.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="117"/>
        <source>Saved: {0} × {1} on {2}</source>
        <translation>Guardado: {0} × {1} en {2}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="134"/>
        <source>(no machine chosen)</source>
        <translation>(ninguna máquina elegida)</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="137"/>
        <source>Scrap on {0}:
{1}

How many parts?</source>
        <translation>Desecho en {0}:
{1}

¿Cuántas piezas?</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="162"/>
        <source>Record scrap</source>
        <translation>Registrar desecho</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="163"/>
        <source>Other reason</source>
        <translation>Otro motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/scrap.py" line="164"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../operator_app/screens/app.py" line="116"/>
        <source>Configuration not valid</source>
        <translation>Configuración no válida</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/app.py" line="118"/>
        <source>The site configuration {0} cannot be used:</source>
        <translation>No se puede usar la configuración del sitio {0}:</translation>
    </message>
</context>
<context>
    <name>StopPrompt</name>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="92"/>
        <source>Name the reason</source>
        <translation>Indicar el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/machine_live.py" line="99"/>
        <source>{0} stopped at {1}. What happened?</source>
        <translation>{0} se paró a las {1}. ¿Qué ha pasado?</translation>
    </message>
</context>
<context>
    <name>TrendScreen</name>
    <message>
        <location filename="../operator_app/screens/trends.py" line="150"/>
        <source>At most {0} curves at a time.</source>
        <translation>Como máximo {0} curvas a la vez.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="174"/>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="229"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="231"/>
        <source>On</source>
        <translation>Sí</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="231"/>
        <source>Off</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="237"/>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="239"/>
        <source>No signal</source>
        <translation>Sin señal</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="241"/>
        <source>Not updated</source>
        <translation>Sin actualizar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="244"/>
        <source>Above limit</source>
        <translation>Por encima del límite</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="246"/>
        <source>Below limit</source>
        <translation>Por debajo del límite</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="257"/>
        <source>Connecting to the PLC…</source>
        <translation>Conectando con el PLC…</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="258"/>
        <source>PLC connected</source>
        <translation>PLC conectado</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="259"/>
        <source>PLC connected; some values cannot be read</source>
        <translation>PLC conectado; algunos valores no se pueden leer</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="260"/>
        <source>PLC not reachable: values are not live</source>
        <translation>PLC inaccesible: los valores no están al día</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="266"/>
        <source>Trends</source>
        <translation>Tendencias</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="267"/>
        <source>Last hour</source>
        <translation>Última hora</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="268"/>
        <source>Whole shift</source>
        <translation>Turno completo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="270"/>
        <source>Choose values to plot.</source>
        <translation>Elija los valores que quiere ver.</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/trends.py" line="272"/>
        <source>No machine on this line sends live data.</source>
        <translation>Ninguna máquina de esta línea envía datos en directo.</translation>
    </message>
</context>
<context>
    <name>UncategorizedScreen</name>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="67"/>
        <source>{0} — down since {1} ({2}) — {3}</source>
        <translation>{0} — parada desde {1} ({2}) — {3}</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="71"/>
        <source>reason needed</source>
        <translation>falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="74"/>
        <source>{0} — stopped at {1} for {2} — reason needed</source>
        <translation>{0} — parada a las {1} durante {2} — falta el motivo</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="86"/>
        <source>Stops to name</source>
        <translation>Paradas por nombrar</translation>
    </message>
    <message>
        <location filename="../operator_app/screens/uncategorized.py" line="87"/>
        <source>Every stop has a reason. Nothing to do here.</source>
        <translation>Todas las paradas tienen motivo. Nada que hacer aquí.</translation>
    </message>
</context>
</TS>
