# El nombre del idioma en su propia lengua, en el selector de idioma.
language-name = Español

# Marco
skip-to-content = Saltar al contenido
nav-label = Sitio
nav-recent = Cambios recientes
nav-index = Todas las páginas
menu-label = Menú
language = Idioma
language-apply = Aplicar
back-to-page = Volver a la página
reason = Motivo (opcional)
bytes = bytes

# Vista de página
page-actions = Acciones de la página
action-edit = Editar
action-copy = Duplicar
action-history = Historial
action-backlinks = Lo que enlaza aquí
action-raw = Código fuente
action-rename = Renombrar
action-delete = Eliminar
action-undelete = Restaurar esta página
page-info-revision = Revisión { $number } de
old-revision-notice = Está leyendo la revisión { $number }, una versión antigua de esta página. La versión actual es la revisión { $latest }.
old-revision-current = Leer la versión actual
old-revision-diff = Comparar con la versión actual
missing-page = Esta página aún no existe. Puede crearla: toda página empieza con una persona que escribe una primera versión.
missing-page-create = Crear esta página
deleted-page = Esta página fue eliminada. Su historial se conserva y puede restaurarse.

# Editor
editor-title = Editando { $page }
editor-title-create = Creando { $page }
editor-body = Texto de la página (Markdown)
editor-body-help = Markdown con tablas, listas de tareas y notas al pie. Para enlazar una página: [[Nombre de la página]] o [[Nombre de la página|texto del enlace]].
editor-summary = Resumen de su cambio (opcional)
editor-save = Guardar
editor-preview = Vista previa
editor-cancel = Cancelar
editor-preview-title = Vista previa (aún sin guardar)
editor-preview-toggle = Mostrar
editor-show-text = El texto
editor-show-preview = La vista previa
conflict-title = Alguien guardó esta página mientras usted la editaba
conflict-explanation = La revisión { $latest } de { $author } se guardó después de que usted abriera el editor. No se ha perdido nada suyo y todavía no se ha guardado nada: su texto está abajo. Revise los cambios de esa persona, incorpórelos a su texto si hace falta y vuelva a guardar.
conflict-their-changes = Los cambios de la otra persona
conflict-overlap-explanation = La revisión { $latest } de { $author } se guardó después de que usted abriera el editor, y cambió las mismas líneas que usted. Todavía no se ha guardado nada y no se ha perdido nada suyo: el texto del editor de abajo tiene su versión de esas líneas, con los demás cambios de esa persona ya incorporados. Compare cada pasaje de abajo, corrija el texto en el editor y vuelva a guardar.
conflict-regions-intro = { $count ->
    [one] Su cambio y el de la otra persona se solapan en un lugar. Las palabras que difieren están resaltadas.
   *[other] Su cambio y el de la otra persona se solapan en { $count } lugares. Las palabras que difieren están resaltadas.
}
conflict-region-title = Solapamiento { $index } de { $total }, en la línea { $line } del texto del editor
conflict-yours = Su versión (en el editor de abajo)
conflict-theirs = La versión de la otra persona (revisión { $latest } de { $author })
conflict-side-empty = Esta versión elimina estas líneas.
conflict-before-both = El texto antes de ambos cambios
conflict-show-in-editor = Seleccionar estas líneas en el editor
conflict-fields-explanation = La revisión { $latest } de { $author } se guardó después de que usted abriera el formulario, y cambió los mismos campos que usted. Todavía no se ha guardado nada y no se ha perdido nada suyo: el formulario de abajo contiene su valor de esos campos, con los demás cambios de esa persona ya incorporados. Compare cada campo de abajo, corríjalo en el formulario y vuelva a guardar.
conflict-field-yours = Su valor (en el formulario de abajo)
editor-recreate = Volver a crear la página con mi texto
deleted-meanwhile-title = Esta página se eliminó mientras usted la editaba
deleted-meanwhile-explanation = No se guardó nada y su texto se conserva abajo. Puede volver a crear la página con su texto o dejarla eliminada: su historial sigue disponible en ambos casos.
deleted-editing-title = Esta página está eliminada
deleted-editing-explanation = Al guardar, la página vuelve con el texto de abajo. Su historial se conserva.
draft-found = Este navegador conservó un texto que usted no había guardado en esta página.
draft-restore = Devolverlo al editor
draft-discard = Descartarlo

# Edición simultánea
presence-editing-now = También están editando ahora: { $people }.
presence-anonymous = { $count ->
    [one] una persona anónima
   *[other] { $count } personas anónimas
}
presence-names-and-anonymous = { $names } y { $anonymous }
presence-editor-warning = Otra persona abrió este editor en los últimos minutos. Las dos pueden guardar: los cambios en líneas distintas se fusionan, y si cambian las mismas líneas verán las dos versiones antes de que se guarde nada.
saved-notice = Guardado como revisión { $number }.
saved-notice-diff = Ver qué cambió
private-marker = No pública: pueden leerla
private-marker-change = cambiar
merged-notice = Su cambio se fusionó con la revisión { $with } de { $author }, guardada mientras usted editaba. Se conservan ambos cambios.
merged-notice-diff = Ver su cambio aplicado sobre la revisión { $with }
history-merged = fusionada con la revisión { $number }

# Enlaces entrantes, renombrar, eliminar
backlinks-title = Páginas que enlazan a { $page }
backlinks-none = Todavía ninguna página enlaza aquí.
backlinks-missing = Esta página aún no existe.
rename-title = Renombrar { $page }
rename-explanation = El nombre antiguo seguirá llevando a esta página para siempre: los enlaces impresos siguen siendo válidos.
rename-new-name = Nombre nuevo
delete-title = Eliminar { $page }
delete-explanation = La página quedará oculta. Se conserva todo su historial y puede restaurarse en cualquier momento.

# Historial y diferencias
history-title = Historial de { $page }
history-caption = Revisiones, de la más reciente a la más antigua
history-from = Desde
history-to = Hasta
history-from-label = Comparar desde la revisión { $number }
history-to-label = Comparar hasta la revisión { $number }
history-revision = Revisión
history-date = Fecha
history-author = Autor/a
history-size = Tamaño
history-summary = Resumen
history-actions = Acciones
history-diff-prev = cambios
history-compare = Comparar las revisiones seleccionadas
history-older = Revisiones anteriores
history-restored = revisión { $number } restaurada
restore-title = Restaurar una revisión anterior
restore-explanation = Restaurar añade una nueva revisión con el texto antiguo. No se borra nada: las revisiones intermedias siguen en el historial.
restore-button = Restaurar la revisión { $number }
restore-confirm-title = ¿Restaurar la revisión { $number } de { $page }?
restore-confirm-explanation = La página volverá a tener el texto de la revisión { $number }: abajo, el texto más reciente a la izquierda y lo que vuelve a la derecha. No se borra nada: las revisiones intermedias siguen en el historial.
restore-undeletes = La página está eliminada: al restaurarla, vuelve.
restore-same = La revisión más reciente ya tiene este texto: no hay nada que restaurar.
restore-reason = Motivo (opcional, se muestra en el historial)
restore-cancel = Cancelar
events-title = Cambios de nombre y eliminaciones
event-rename = renombrada de “{ $old }” a “{ $new }” por { $author }
event-delete = eliminada por { $author }
event-undelete = restaurada por { $author }
sheet-changes-title = Cambios, campo por campo
sheet-changes-none = Los campos y las notas son iguales.
sheet-changes-field = Campo
sheet-changes-before = Antes
sheet-changes-after = Después
sheet-changes-empty = (vacío)
sheet-changes-notes = Notas
diff-source = El texto en sí, línea por línea
diff-source-heading = El texto, línea por línea
diff-rendered-heading = Tal como se lee la página
diff-title = Cambios en { $page }
diff-revision = Revisión { $number }
diff-nav = Otros cambios
diff-older = Cambio anterior
diff-newer = Cambio siguiente
diff-no-change = Estas dos revisiones tienen el mismo texto.
diff-caption = Diferencias línea por línea
diff-old-line = Línea antigua
diff-new-line = Línea nueva
diff-change = Cambio
diff-text = Texto
diff-removed = eliminada
diff-added = añadida

# Listados
listings-label = Listados
recent-title = Cambios recientes
recent-feed-title = Cambios recientes (canal Atom)
recent-none = Todavía no ha cambiado nada.
recent-revision = revisión { $number }
recent-new-page = página nueva
feed-edit-title = { $page } (revisión { $number })
new-page-title = Página nueva
new-page-name = Nombre de la página nueva
new-page-open = Abrir el editor
new-page-help = El nombre es la dirección y el título de la página: puede llevar letras, dígitos, espacios y los signos - _ . ' ( ) , sin problema. Las páginas la enlazan con [[su nombre]].
index-title = Todas las páginas
feed-edit-summary = Revisión { $number } de { $page } por { $author }
index-none = Todavía no hay ninguna página.
index-next = Páginas siguientes
wanted-title = Páginas requeridas
wanted-explanation = Páginas enlazadas que aún no existen.
wanted-none = Todos los enlaces llevan a una página existente.
wanted-links = { $count ->
    [one] un enlace
   *[other] { $count } enlaces
}
orphans-title = Páginas huérfanas
orphans-explanation = Páginas a las que no enlaza ninguna otra página.
orphans-none = Todas las páginas están enlazadas desde otra página.

# Búsqueda
search-label = Buscar en el wiki
search-placeholder = Buscar
search-button = Buscar
search-title = Búsqueda
search-title-for = Búsqueda: { $query }
search-syntax = Se busca cada palabra en todas sus formas (“animar” también encuentra “animación”), con o sin acentos. Ponga "una frase" entre comillas, -palabra para excluir una palabra, OR entre alternativas, palabra* para las palabras que empiezan por “palabra”.
search-nothing-to-look-for = Esta búsqueda no tiene nada que buscar: solo contiene palabras muy comunes, o solo palabras que excluir. Añada una palabra.
search-create = Crear la página “{ $name }”
search-no-results = Ninguna página coincide con “{ $query }”.
search-count = { $count ->
    [one] Coincide una página.
   *[other] Coinciden { $count } páginas.
}
search-count-capped = Coinciden al menos { $count } páginas; las mejores aparecen primero. Añada una palabra para afinar la búsqueda.
search-similar-titles = Páginas con un título parecido
search-results = Resultados
search-updated = Actualizada el
search-no-more = No hay más resultados.
search-pages = Páginas de resultados
search-previous = Resultados anteriores
search-next = Más resultados
search-comments = Comentarios
search-comment-on = { $author } en { $page }
search-all-comments = { $count ->
    [one] El comentario que coincide
   *[other] Los { $count } comentarios que coinciden
}
search-all-comments-capped = Coinciden al menos { $count } comentarios: verlos
search-back-to-pages = Volver a las páginas encontradas
search-no-comments = Ningún comentario coincide con “{ $query }”.
search-comment-count = { $count ->
    [one] Coincide un comentario.
   *[other] Coinciden { $count } comentarios.
}
search-comment-count-capped = Coinciden al menos { $count } comentarios; los mejores aparecen primero. Añada una palabra para afinar la búsqueda.
opensearch-description = Buscar en { $site }

# Nombres de página
name-error-empty = Un nombre de página no puede estar vacío.
name-error-too-long = Un nombre de página tiene como máximo { $max } caracteres; este tiene { $count }.
name-error-forbidden = El carácter “{ $char }” no está permitido en los nombres de página. Use letras, dígitos, espacios y - _ . ' ( ) ,
name-error-control = Los nombres de página no pueden contener caracteres de control.
name-error-bidi = Los nombres de página no pueden contener caracteres que fuerzan la dirección del texto.
name-error-only-dots = Un nombre de página no puede estar formado solo por puntos.
name-error-leading-dash = Un nombre de página no puede empezar por “-”: esas direcciones están reservadas para las páginas especiales del wiki.
name-error-reserved = “{ $name }” está reservado por el wiki y no puede ser un nombre de página.
name-error-mixed-scripts = “{ $name }” mezcla alfabetos dentro de una palabra (una letra de uno se parece a una letra de otro), así que podría hacerse pasar por el nombre de otra página: escriba cada palabra en un solo alfabeto.

# Errores
error-back-home = Ir a la página principal
error-not-found-title = No encontrado
error-not-found = No hay nada en esta dirección.
error-bad-name-title = Nombre de página no válido
error-bad-request-title = Solicitud no válida
error-bad-request = No se pudo entender la solicitud.
error-bad-query = Un parámetro de la dirección tiene un valor no válido.
error-bad-form = No se pudo leer el formulario.
error-bad-language = Este idioma no está disponible.
error-search-too-long = Una búsqueda tiene como máximo 200 caracteres. Acórtela y vuelva a buscar.
error-search-page = Esta página de resultados no existe.
error-nul-byte = El texto contiene un carácter NUL, que no se puede guardar.
error-csrf-title = Formulario caducado
error-csrf = Este formulario no se envió desde una página de este wiki, o ha caducado. Vuelva atrás, recargue la página y envíelo de nuevo: su texto sigue en el formulario de su navegador.
error-cross-origin-title = Solicitud rechazada
error-cross-origin = Esta solicitud venía de otro sitio y se rechazó.
error-too-large-title = Demasiado grande
error-too-large = Lo que se envió es demasiado grande.
error-page-too-large = La página ocupa { $size } bytes; el límite es de { $limit } bytes. Divídala en varias páginas.
error-name-taken-title = Nombre ya en uso
error-name-taken = “{ $wanted }” no se puede usar: es el mismo nombre que “{ $existing }”, escrito de otra forma, o un nombre anterior de esa página.
error-name-unavailable = “{ $wanted }” no está disponible. Elija otro nombre.
error-unprocessable-title = No se puede aceptar
error-method-title = No permitido
error-method = Esta dirección no acepta este tipo de solicitud.
error-unavailable-title = No disponible temporalmente
error-unavailable = El wiki no puede acceder a su base de datos en este momento. Inténtelo de nuevo en unos segundos.
error-store-unavailable = El almacén de archivos no responde en este momento: no se guardó nada. Inténtelo de nuevo dentro de un momento.
error-disk-full = La base de datos del wiki se ha quedado sin espacio en disco: no se guardó nada. Vuelva atrás para conservar su texto e inténtelo más tarde; si el problema continúa, avise a las personas que administran el wiki.
error-internal-title = Algo salió mal
error-internal = Se produjo un error inesperado en el servidor. Ha quedado registrado.

# Cuentas
account-nav-label = Cuenta
account-signed-in-as = Sesión iniciada como
action-login = Iniciar sesión
action-logout = Cerrar sesión
action-signup = Crear cuenta
action-permissions = Permisos
signup-title = Crear una cuenta
signup-have-account = ¿Ya tiene una cuenta?
account-name = Nombre de usuario
account-name-help = De 2 a 40 letras, dígitos, “-”, “_” o “.”; se muestra como autor/a de sus cambios.
account-email = Dirección de correo electrónico
account-password = Contraseña
account-password-help = Al menos { $min } caracteres. Una frase de unas cuantas palabras es fácil de recordar y difícil de adivinar.
login-title = Iniciar sesión
login-name-or-email = Nombre de usuario o dirección de correo electrónico
login-forgot = ¿Olvidó su contraseña?
login-error = Este nombre de usuario o dirección de correo electrónico y esta contraseña no corresponden a ninguna cuenta.
login-after-reset = Se cambió su contraseña. Inicie sesión con la nueva.
login-held = Lo que envió se ha conservado: inicie sesión y volverá, listo para enviarse de nuevo.
held-title = Lo que envió antes de iniciar sesión
held-intro = Tenía que iniciar sesión para que esto pudiera guardarse. Aquí está lo que envió, conservado para usted; envíelo de nuevo para guardarlo. El wiki ya lo ha olvidado: si sale de esta página, se perderá.
held-send = Enviarlo de nuevo
held-drop = Descartarlo
account-title = Su cuenta
account-role = Rol
account-groups = Grupos
account-change-password = Cambiar la contraseña
account-change-password-explanation = Al cambiar la contraseña se cierra su sesión en todos los demás lugares, en todos los dispositivos.
account-current-password = Contraseña actual
account-new-password = Contraseña nueva
account-change-email = Cambiar la dirección de correo electrónico
account-password-changed = Se cambió su contraseña; se cerraron todas las demás sesiones.
account-email-changed = Se cambió su dirección de correo electrónico.
account-error-name-length = Un nombre de usuario tiene de 2 a 40 caracteres.
account-error-name-chars = Un nombre de usuario puede contener letras, dígitos, “-”, “_” y “.”, y no puede empezar por “-” ni por “.”.
account-error-name-mixed = Un nombre de usuario se escribe en un solo sistema de escritura (letras parecidas a las de otro sistema podrían hacerse pasar por otra persona).
account-error-name-reserved = Este nombre de usuario está reservado.
account-error-email = Esta dirección de correo electrónico no es válida.
account-error-password-short = Esta contraseña es demasiado corta.
account-error-password-long = Esta contraseña es demasiado larga (1024 bytes como máximo).
account-error-name-taken = Este nombre de usuario ya está en uso. Elija otro.
account-error-email-taken = Ya hay una cuenta que usa esta dirección de correo electrónico. Inicie sesión o restablezca su contraseña.
account-error-current = La contraseña actual no es correcta.
role-admin = Administrador/a
role-editor = Editor/a
role-member = Miembro
reset-title = Restablecer su contraseña
reset-explanation = Indique su nombre de usuario o su dirección de correo electrónico: le enviaremos un enlace para elegir una contraseña nueva. Funciona una sola vez, durante una hora.
reset-send = Enviar el enlace
reset-sent = Si hay una cuenta que coincide, se envió un mensaje con un enlace a su dirección de correo electrónico. El enlace funciona una sola vez, durante una hora.
reset-invalid = Este enlace no es válido: ya se usó, caducó o se copió de forma incompleta.
reset-again = Pedir un enlace nuevo
reset-set = Establecer la contraseña nueva
reset-mail-subject = { $site }: restablecer su contraseña
reset-mail-body = Hola, { $name }:

    Alguien (esperamos que usted) pidió restablecer su contraseña en { $site }. Para elegir una nueva, abra este enlace antes de que pase una hora:

    { $link }

    Si no lo pidió usted, ignore este mensaje: su contraseña sigue siendo la misma.
contributions-title = Contribuciones de { $user }
contributions-none = No hay contribuciones que mostrar.

# Permisos
permissions-title = Permisos de { $page }
permissions-owner = Propietario/a:
permissions-no-owner = Esta página no tiene propietario/a (se creó de forma anónima o antes de que existieran las cuentas): solo las personas administradoras cambian sus permisos.
permissions-syntax-title = Cómo escribir los permisos
permissions-syntax-everyone = todo el mundo
permissions-syntax-signed-in = toda persona con sesión iniciada
permissions-syntax-owner = la persona propietaria de la página
permissions-syntax-group = los miembros del grupo
permissions-syntax-user = esa persona usuaria
permissions-syntax-deny = delante de una entrada: denegado
permissions-syntax-rules = Una entrada por línea. Decide la primera línea que corresponde a quien visita; si ninguna línea le corresponde, se le deniega el acceso. Las personas administradoras y la persona propietaria siempre tienen acceso. Deje un campo vacío para usar el valor predeterminado del sitio.
permissions-read = Quién puede leer
permissions-write = Quién puede editar
permissions-comment = Quién puede comentar
permissions-default = Vacío: el valor predeterminado del sitio ({ $default }).
permissions-site-default = valor predeterminado del sitio
permissions-unknown = Este wiki no tiene ningún grupo ni ninguna persona con el nombre {$names}: nadie coincidiría con esos nombres, y solo la persona propietaria y las personas administradoras conservarían el acceso que conceden. Corrija las listas o confirme abajo.
permissions-unknown-confirm = Guardar de todos modos: estos nombres son intencionados
permissions-save = Guardar los permisos
permissions-history = Cambios de permisos
permissions-history-none = Los permisos de esta página nunca se han cambiado.
permissions-error-invalid = Línea { $line }: “{ $text }” no es una entrada de permisos. Use *, +, %, @grupo o un nombre de usuario, con ! delante para denegar.
permissions-error-too-many = Una lista de permisos tiene como máximo { $max } entradas.

# Administración
admin-title = Administración
admin-users = Usuarios
admin-users-explanation = Las personas administradoras gestionan usuarios y grupos y tienen todos los permisos. Las personas editoras pueden editar, renombrar, eliminar y restaurar cualquier página que puedan leer. Los miembros siguen los permisos de cada página.
admin-imported-not-logged-in = Importado; no ha iniciado sesión desde entonces (aún conserva el hash de contraseña del wiki anterior)
admin-error-no-such-user = Ninguna cuenta se llama “{$user}”: compruebe cómo se escribe (la lista de usuarios de arriba tiene todos los nombres).
setup-title = Crear la cuenta de administración
setup-explanation = Este wiki aún no tiene ninguna persona administradora: la cuenta que cree aquí será la primera, y podrá gestionar todas las páginas, cuentas y grupos. El enlace que ha seguido dejará entonces de funcionar.
admin-since = Desde
admin-role-of = Rol de { $user }
admin-change = Cambiar
admin-groups = Grupos
admin-groups-explanation = Los grupos se nombran en los permisos con @, p. ej. @facilitacion.
admin-group-empty = Todavía no hay nadie en este grupo.
admin-remove-member = Quitar a { $user }
admin-add-member = Añadir un miembro (nombre de usuario)
admin-add = Añadir
admin-delete-group = Eliminar el grupo { $group }
admin-new-group = Nombre del grupo nuevo
admin-create-group = Crear el grupo
admin-error-role = Este rol no existe.
admin-error-last-admin = El wiki se quedaría sin ninguna persona administradora: primero dé el rol de administrador/a a otra persona.
admin-error-group-name = Un nombre de grupo tiene de 1 a 40 letras, dígitos, “-”, “_” o “.”.
admin-error-group-exists = Este grupo ya existe.
admin-search-set-aside = Páginas que la búsqueda solo encuentra por su título
admin-search-set-aside-explanation = Indexar el texto de estas páginas para la búsqueda tardó más de lo permitido, así que solo se pueden encontrar sus títulos. Se volverá a intentar con su próxima revisión.
admin-search-page = Página
admin-search-revision = Revisión
admin-search-reason = Motivo
admin-nav-label = Páginas de administración
admin-nav-people = Personas y grupos
settings-title = Ajustes del sitio
settings-explanation = Estos ajustes cambian todas las páginas a la vez, en cada servidor del wiki. Deja un campo vacío para mantener su valor predeterminado.
settings-name = Nombre del sitio
settings-default = Predeterminado: { $value }
settings-tagline = Lema
settings-tagline-help = Una línea corta bajo el nombre, en la cabecera de cada página.
settings-logo = Logotipo
settings-logo-help = Una imagen adjunta a una página, escrita Página/archivo.png. Adjúntala a una página que todos puedan leer.
settings-logo-now = El logotipo actual:
settings-colours = Colores
settings-colours-help = Escritos #rrggbb. Cada texto debe mantener una relación de contraste de al menos { $minimum }:1 con su fondo, para que todos puedan leerlo.
settings-text-colour = Color del texto
settings-background-colour = Color de fondo
settings-accent-colour = Color de acento (nombre del sitio, botones)
settings-home-page = Página de inicio
settings-language = Idioma predeterminado
settings-language-help = Para los visitantes cuyo navegador no pide ninguno de los idiomas del wiki.
settings-licence = Licencia en el pie de página
settings-licence-help = Por ejemplo: Contenido bajo CC BY-SA 4.0 salvo que se indique lo contrario.
settings-save = Guardar los ajustes
settings-saved = Los ajustes están guardados.
settings-problems = Los ajustes no se guardaron: corrige los campos señalados abajo.
settings-error-too-long = Como máximo { $max } caracteres.
settings-error-colour = Escribe un color como #rrggbb, por ejemplo #1f6f50.
settings-error-contrast = { $fore } sobre { $back } tiene una relación de contraste de { $ratio }:1; se necesita al menos { $minimum }:1 para que todos puedan leerlo.
settings-error-page-name = No es un nombre de página válido.
settings-error-language = Elige uno de los idiomas de la lista.
settings-error-logo = No hay ninguna imagen adjunta con ese nombre: escribe Página/archivo.png, el nombre de una imagen adjunta a una página.

# Errores de cuentas y permisos
error-forbidden-title = No permitido
error-forbidden-write = No puede modificar esta página. Sus permisos solo lo permiten a otras personas; pídaselo a la persona propietaria o a una persona administradora.
error-forbidden-permissions = Solo la persona propietaria de la página y las personas administradoras pueden cambiar sus permisos.
error-forbidden-admin = Solo las personas administradoras pueden hacer esto.
error-login-required-title = Inicie sesión primero
error-login-required = Inicie sesión para hacer esto.
error-too-many-title = Demasiados intentos
error-too-many = Demasiados intentos para esta cuenta o desde su red. Espere un cuarto de hora e inténtelo de nuevo.
# Catálogo: navegación
nav-programmes = Programas
nav-methods = Métodos

# Catálogo: una ficha
sheet-at-a-glance = De un vistazo
sheet-people = { $n } personas
sheet-minutes = { $n } min
sheet-yes = Sí
sheet-no = No
sheet-problems = Algunos valores de esta ficha ya no encajan en su formulario; se conservan en su código fuente.
sheet-read-in-this-language = Leer en español
sheet-steps-total = Total: { $n } min
sheet-material-item = Material
sheet-material-quantity = Cantidad
sheet-material-per = Por
sheet-per-person = persona
sheet-per-group = grupo
sheet-per-session = sesión

# Catálogo: formularios
form-page-intro = Esta página es el formulario “{ $form }”: los campos de sus fichas. Edítela para añadir, cambiar o quitar un campo; los valores ya guardados en las fichas nunca se borran.
form-field-key = Clave
form-field-label = Etiqueta
form-field-type = Tipo
form-field-rules = Reglas y valores
form-required = obligatorio.
form-filterable = filtro del catálogo.
form-max-length = como máximo { $max } caracteres.
form-type-text = texto corto
form-type-markdown = texto largo (Markdown)
form-type-number = número
form-type-intrange = intervalo de números
form-type-durationrange = intervalo de minutos
form-type-choice = opción única
form-type-choices = opción múltiple
form-type-yesno = sí/no
form-type-url = dirección web
form-type-pagelink = enlace a una página
form-type-pagelinks = lista de enlaces a páginas
form-type-steps = pasos con duraciones
form-type-materials = lista de materiales
form-type-tags = palabras clave
form-type-texts = lista de textos
form-type-licence = licencia (SPDX)
form-type-image = imagen
form-type-relations = métodos relacionados
form-problem-title = Formulario
form-problem-yaml = El formulario no es YAML válido: { $detail }
form-problem-name = “{ $name }” no es un nombre de formulario: use solo letras y dígitos, empezando por una letra.
form-problem-page = El formulario se llama “{ $name }” pero su página es “{ $page }”: el nombre que va después de “Form.” debe ser el nombre del formulario.
form-problem-too-many = Un formulario tiene como máximo { $max } campos.
form-problem-too-many-filters = Un formulario tiene como máximo { $max } campos filtrables.
form-problem-key = “{ $key }” no puede ser una clave de campo: use minúsculas, dígitos y _, empezando por una letra, y ninguna de estas: form, page, lang, translation, body, q, sort, layout, offset.
form-problem-duplicate = Dos campos tienen la clave “{ $key }”.
form-problem-label = El campo “{ $key }” necesita una etiqueta en inglés y en francés.
form-problem-choices = El campo “{ $key }” necesita una lista de valores permitidos (como máximo 100).
form-problem-choice-id = En el campo “{ $key }”, “{ $id }” no es un identificador de valor válido (o está repetido).
form-problem-filterable = El campo “{ $key }” no puede ser un filtro: solo pueden serlo las opciones y los intervalos.
form-problem-total-within = En el campo “{ $key }”, total_within debe nombrar un intervalo de duración, y solo los pasos pueden tenerlo.

# Catálogo: comprobación de una ficha
label-value = { $label }: { $value }
sheet-not-saved = No se guardó nada: corrija estos campos
sheet-front-matter = Encabezado
sheet-error-unclosed = El encabezado no tiene la línea “---” de cierre.
sheet-error-yaml = El encabezado no es YAML válido: { $detail }
sheet-error-no-form = El encabezado debe nombrar su formulario, por ejemplo “form: Method”.
field-unknown-form = No hay ningún formulario llamado “{ $form }” (su página Form.{ $form } falta o no es válida).
field-bad-lang = Elija el idioma de la ficha: en o fr.
field-bad-slug = El identificador se compone de minúsculas y dígitos, en palabras unidas por guiones, p. ej. world-cafe.
field-required = Este campo es obligatorio.
field-too-long = Como máximo { $max } caracteres; este tiene { $count }.
field-not-text = Esto debe ser texto.
field-one-line = Esto debe caber en una línea.
field-not-number = Esto debe ser un número entero.
field-number-min = Esto debe ser como mínimo { $min }.
field-number-max = Esto debe ser como máximo { $max }.
field-too-many = Como máximo { $max } elementos.
field-not-list = Esto debe ser una lista.
field-item-not-record = El elemento { $n } está incompleto.
field-not-range = Indique un valor mínimo y un valor máximo.
field-range-both = Indique tanto el valor mínimo como el máximo.
field-range-order = El valor mínimo es mayor que el máximo.
field-unknown-choice = “{ $value }” no es uno de los valores permitidos.
field-duplicate = “{ $value }” está elegido dos veces.
field-not-yes-no = Esto debe ser sí o no.
field-not-url = Esto debe ser una dirección web que empiece por https:// o http://.
field-not-page-name = Este no es un nombre de página válido ({ $detail }).
field-unknown-licence = “{ $value }” no es un identificador de licencia SPDX (por ejemplo CC-BY-SA-4.0).
field-not-image = Indique la dirección de la imagen y una descripción.
field-image-src = La imagen debe estar en este sitio: su dirección empieza por /.
field-image-alt = Describa la imagen para las personas que no pueden verla.
field-step-title = El paso { $n } necesita un título.
field-step-duration = El paso { $n } necesita una duración en minutos (0 o más).
field-material-quantity = El material { $n } necesita una cantidad de 1 o más.
field-material-per = El material { $n } necesita “por persona”, “por grupo” o “por sesión”.
field-relation-slug = Método relacionado { $n }: indique el identificador de un método, p. ej. world-cafe.
field-relation-kind = Método relacionado { $n }: elija cómo está relacionado.
field-steps-total = Los pasos suman { $total } min, fuera de la duración ({ $min }–{ $max } min).

# Catálogo: el editor de fichas
sheet-new-title = Ficha nueva: { $form }
sheet-header = Página e idioma
sheet-header-page = Nombre de la página
sheet-header-lang = Idioma de la ficha
sheet-header-translation = Identificador del método
sheet-header-translation-help = Lo comparten las traducciones de un mismo método, p. ej. world-cafe. Si se deja vacío, se genera a partir del nombre de la página.
sheet-header-form = Formulario
sheet-body = Notas, ejemplos y todo lo demás (Markdown)
sheet-page-exists = Ya existe una página llamada “{ $page }”: elija otro nombre o edite esa página.
sheet-bad-page-name = Este no es un nombre de página válido: use letras, dígitos, espacios y - _ . ' ( ) , (120 caracteres como máximo).
editor-raw-link = Editar el texto fuente en su lugar
editor-required = obligatorio
editor-none = Ninguno
editor-range-min = De
editor-range-max = a
editor-row = Fila { $n }
editor-add-step = Añadir un paso
editor-add-material = Añadir un material
editor-add-relation = Añadir un método relacionado
editor-sub-title = Título
editor-sub-duration = Minutos
editor-sub-text = Texto
editor-sub-item = Material
editor-sub-quantity = Cantidad
editor-sub-per = Por
editor-sub-method = Método (identificador)
editor-sub-kind = Relación
editor-image-src = Dirección de la imagen (en este sitio)
editor-image-alt = Descripción de la imagen

# Catálogo: exploración
catalogue-title = Catálogo de métodos
catalogue-form-title = Catálogo: { $form }
catalogue-all-forms = Todos los catálogos
forms-title = Catálogos
forms-intro = Cada formulario tiene su propio catálogo de fichas, con filtros en los campos que el formulario marca como filtrables.
forms-definition = el formulario
catalogue-new = Nueva ficha de método
catalogue-import = Importar
catalogue-export-csv = Exportar como CSV
catalogue-export-json = Exportar como JSON
catalogue-print-cards = { $count ->
    [one] Imprimir este método como tarjeta
   *[other] Imprimir estos { $count } métodos como tarjetas
}
export-csv-spreadsheet = para hojas de cálculo (Excel)
catalogue-filters = Filtros
catalogue-filters-show = Mostrar los filtros
catalogue-to-filters = Filtrar estos métodos ↓
catalogue-search = Buscar en títulos y resúmenes
catalogue-language = Idioma de las fichas
catalogue-all-languages = Todos los idiomas
catalogue-filter-people = mi grupo es de (personas)
catalogue-filter-minutes = dispongo de (minutos)
catalogue-sort = Ordenar por
catalogue-sort-title = título
catalogue-sort-recent = cambio reciente
catalogue-sort-duration = duración
catalogue-sort-relevance = relevancia
catalogue-sort-usage = uso en programas
catalogue-filter-used = Usado en al menos este número de eventos
catalogue-layout = Mostrar como
catalogue-layout-cards = tarjetas
catalogue-layout-list = lista
catalogue-apply = Aplicar los filtros
catalogue-clear = Quitar todos los filtros
catalogue-count = { $count ->
    [one] Un método
   *[other] { $count } métodos
}
catalogue-active-filters = Filtros activos
catalogue-remove-filter = (quitar este filtro)
catalogue-column-method = Método
catalogue-column-hook = En una frase
catalogue-column-facts = Grupo, duración, objetivos
catalogue-pages = Más resultados
catalogue-previous = Métodos anteriores
catalogue-next = Más métodos
catalogue-empty = Ningún método cumple todos estos filtros.
catalogue-empty-none = El catálogo aún no tiene ninguna ficha en este idioma.
catalogue-empty-several = No basta con quitar un solo filtro:
catalogue-loosen = Quitar “{ $filter }” para ver { $count ->
    [one] un método
   *[other] { $count } métodos
}
catalogue-no-form = El catálogo necesita su formulario: la página Form.Method falta, está eliminada o no es válida. Restáurela desde su historial.
catalogue-bad-lang = El idioma de las fichas debe ser en, fr o all.
catalogue-bad-sort = Ordene por title, recent o duration.
catalogue-bad-layout = Muestre como cards o list.
catalogue-bad-number = Un número de la dirección no es un número entero dentro del intervalo aceptado.
catalogue-bad-choice = Un valor de filtro de la dirección no es uno de los valores del formulario.

# Catálogo: importación
import-title = Importar fichas de método
import-explanation = Pegue fichas en JSON (un array de objetos con las claves de la ficha y “body”) o en CSV (una línea de encabezado con las mismas claves; las listas, en JSON). Compruebe primero: la simulación indica qué se crearía, actualizaría o rechazaría, y por qué. La importación escribe todo o nada.
import-format = Formato
import-data = Fichas que importar
import-data-help = Una exportación de este catálogo (CSV o JSON) se puede volver a importar tal cual. “page” indica la página que se va a crear o actualizar.
import-dry-run = Comprobar (simulación)
import-apply = Importar
import-report-dry-run = Simulación: no se guardó nada
import-report-applied = Importado
import-totals = Creadas: { $created } · actualizadas: { $updated } · sin cambios: { $unchanged } · rechazadas: { $rejected }.
import-row = Fila
import-page = Página
import-outcome = Resultado
import-reasons = Motivo
import-outcome-created = creada
import-outcome-updated = actualizada
import-outcome-unchanged = sin cambios
import-outcome-rejected = rechazada
import-refused = No se importó nada: algunas filas se rechazaron. Corríjalas o elimínelas y vuelva a importar.
import-moved = No se importó nada: la página “{ $page }” cambió durante la importación. Vuelva a comprobar.
import-bad-json = No se pudo leer el JSON: { $detail }
import-not-array = El JSON debe ser un array de fichas: [ {"{"} … {"}"}, … ].
import-not-object = El elemento { $detail } del JSON no es un objeto.
import-too-many = Como máximo { $detail } fichas por importación.
import-bad-csv = No se pudo leer el CSV: { $detail }
import-bad-page = Falta “page” o no es un nombre de página válido.
import-duplicate = Otra fila de este archivo tiene la misma página.
import-too-large = La ficha supera el tamaño máximo de una página.

## Archivos adjuntos
action-attachments = Archivos adjuntos
attachments-title = Archivos adjuntos de { $page }
attachments-none = Todavía no hay archivos adjuntos a esta página.
attachments-deleted = Archivos eliminados
attachments-back = Volver a los archivos adjuntos
attachment-file = Archivo
attachment-kind = Tipo
attachment-size = Tamaño
attachment-version = Versión
attachment-markdown = Para mostrarlo en la página
attachment-uploaded-by = Subido por
attachment-current = versión actual
attachment-restore = Hacer actual esta versión
attachment-restored-from = (copia de la versión { $number })
attachment-deleted-notice = Este archivo se eliminó. Sus versiones se conservan y puede restaurarse.
action-undelete-attachment = Restaurar
attachment-history-title = Versiones de { $file }
attachment-upload-label = Archivo que adjuntar
attachment-upload = Subir
attachment-upload-help = Imágenes (PNG, JPEG, GIF, WebP), PDF, texto, CSV, Markdown y documentos de oficina, hasta { $limit }. Subir un archivo con el mismo nombre añade una versión.
attachment-drop-hint = También puede soltar un archivo aquí.
attachment-kind-image = imagen
attachment-kind-svg = dibujo SVG (descarga)
attachment-kind-pdf = PDF
attachment-kind-text = texto
attachment-kind-document = documento de oficina
attachment-size-kib = { $size } KB
attachment-size-mib = { $size } MB
attachment-error-name = Este nombre de archivo queda vacío al quitar las rutas, los caracteres ocultos y los puntos iniciales. Cambie el nombre del archivo y vuelva a subirlo.
attachment-error-type = No se acepta este tipo de archivo. Se admiten: imágenes PNG, JPEG, GIF y WebP, dibujos SVG, PDF, texto plano, CSV, Markdown y documentos de oficina.
attachment-error-pixels = Esta imagen tiene demasiados píxeles. Reduzca su tamaño y vuelva a subirla.
attachment-error-corrupt = Este archivo parece una imagen, pero no se puede leer como tal.
attachment-error-upload = No se pudo leer lo que se subió. Inténtelo de nuevo desde la página de archivos adjuntos.
attachment-error-no-file = Elija un archivo para subir.
# Enlaces: enlaces permanentes, códigos QR, impresión, inserciones, oEmbed, API
page-permanent-link = Enlace permanente a esta revisión
action-print = Imprimir
action-qr = Código QR
print-hint = Esta página está lista para imprimir: use la orden Imprimir de su navegador (Ctrl+P o ⌘P), o guárdela como PDF.
print-cards-hint = { $count ->
    [one] Esta tarjeta de método está lista para imprimir, cada cara en su propia página: use la orden Imprimir de su navegador (Ctrl+P o ⌘P), o guárdela como PDF; imprima a doble cara para obtener una tarjeta.
   *[other] Estas { $count } tarjetas de método están listas para imprimir, cada cara en su propia página: use la orden Imprimir de su navegador (Ctrl+P o ⌘P), o guárdelas como PDF; imprima a doble cara para obtener las tarjetas.
}
print-cards-paper = Papel:
print-cards-a6 = A6, una cara de tarjeta por página
print-cards-a4 = cuatro tarjetas por hoja A4 (a doble cara, volteo por el borde largo, y luego recortar)
print-cards-none = Aquí no hay ninguna ficha de método que imprimir.
print-cards-title = { $count ->
    [one] Una tarjeta de método
   *[other] { $count } tarjetas de método
}
print-cards-of = Tarjetas de método de { $programme }
print-cards-back-catalogue = Volver al catálogo
print-cards-back-programme = Volver al programa
print-card-front = Anverso de la tarjeta { $name }
print-card-back = Reverso de la tarjeta { $name } ({ $side }/{ $sides })
print-card-notes-side = Notas de la tarjeta { $name } ({ $side }/{ $sides })
print-card-steps = Pasos
print-card-steps-continued = Pasos (continuación)
print-card-continued = (continuación)
print-card-notes = Notas
print-card-no-steps = Esta ficha aún no tiene pasos.
print-qr-alt = Código QR de { $url }
print-source = De { $site }, revisión { $number }.
embed-read-on = Leer en { $site } ↗
error-not-implemented-title = No disponible
oembed-json-only = Solo está disponible el formato JSON (format=json).
oembed-no-url = Falta el parámetro “url”: ¿qué página hay que describir?
api-bad-limit = “limit” debe ser un número de 1 a 200.
## Programas
programmes-title = Programas
programmes-new = Programa nuevo
programmes-import = Importar un programa
programmes-upcoming = Próximos y en curso
programmes-past = Pasados
programmes-none = Todavía no hay ningún programa.
programmes-calendar-feed = Suscribirse a todos los programas (iCalendar)
programmes-months = Otros meses
programmes-month-none = No hay ningún programa este mes.
programmes-bad-month = Esto no es un mes: escríbalo como año-mes, por ejemplo 2026-12.
programmes-month-year = { $month } de { $year }
programmes-month-1 = enero
programmes-month-2 = febrero
programmes-month-3 = marzo
programmes-month-4 = abril
programmes-month-5 = mayo
programmes-month-6 = junio
programmes-month-7 = julio
programmes-month-8 = agosto
programmes-month-9 = septiembre
programmes-month-10 = octubre
programmes-month-11 = noviembre
programmes-month-12 = diciembre
programmes-weekday-1 = lunes
programmes-weekday-2 = martes
programmes-weekday-3 = miércoles
programmes-weekday-4 = jueves
programmes-weekday-5 = viernes
programmes-weekday-6 = sábado
programmes-weekday-7 = domingo
programmes-weekday-short-1 = lun
programmes-weekday-short-2 = mar
programmes-weekday-short-3 = mié
programmes-weekday-short-4 = jue
programmes-weekday-short-5 = vie
programmes-weekday-short-6 = sáb
programmes-weekday-short-7 = dom
programme-event = Evento
programme-field-title = Título del evento
programme-field-start = Primer día
programme-field-end = Último día
programme-field-dates = Fechas
programme-field-place = Lugar
programme-fact-timezone = Zona horaria
programme-fact-licence = Licencia
programme-field-timezone = Zona horaria (p. ej. Europe/Paris)
programme-field-language = Idioma (un código como es o en)
programme-field-organisers = Organización
programme-field-licence = Licencia (identificador SPDX, p. ej. CC-BY-SA-4.0)
programme-field-rooms = Salas
programme-list-help = Separe varios elementos con punto y coma (;).
programme-slots = Franjas
programme-slots-help = Una fila por franja. Día como AAAA-MM-DD, inicio como HH:MM, duración en minutos; métodos como nombres de página, “Nombre@12” para fijar la revisión 12; listas separadas por “;”. Vacíe una fila para quitar su franja.
programme-slot = Franja
programme-slot-day = Día
programme-slot-start = Inicio
programme-slot-duration = Minutos
programme-slot-room = Sala
programme-slot-title = Título
programme-slot-facilitators = Facilitación
programme-slot-group = Tamaño del grupo previsto
programme-slot-methods = Métodos
programme-slot-actual = Tamaño real del grupo
programme-slot-how = Cómo fue
programme-slot-learnings = Aprendizajes
programme-add-slot = Añadir una franja
programme-slot-actions = Acciones
programme-slot-duplicate = Duplicar
programme-slot-remove = Quitar
programme-slot-up = Subir
programme-slot-down = Bajar
programme-slot-added = Franja { $n } añadida, vacía.
programme-slot-duplicated = Franja { $n } añadida, copia de la franja { $from }.
programme-slot-removed = Franja { $n } quitada.
programme-slot-moved = Franja movida a la posición { $n }.
programme-planner = Planificar en la cuadrícula
programme-planner-help = Arrastre una franja a otra hora u otra sala, o selecciónela y use las flechas: arriba y abajo la mueven 15 minutos, izquierda y derecha a la sala de al lado. Los campos de la franja cambian con ella; guarde el programa para conservar el cambio.
programme-planner-moved = { $title }: { $start }, { $room }.
programme-planner-no-room = sin sala
programme-description = Descripción (Markdown)
programme-not-saved = El programa no se guardó. Corrija los campos de abajo.
programme-day = Día { $n }: { $date }
programme-time = Hora
programme-no-slot = No hay nada programado este día.
programme-facilitators = Facilitado por
programme-group-size = { $count ->
    [one] Para { $count } persona
   *[other] Para { $count } personas
}
programme-actual-size = { $count ->
    [one] Vino { $count } persona
   *[other] Vinieron { $count } personas
}
programme-methods = Métodos utilizados
programme-outcome = Resultado
programme-learnings = Aprendizajes
programme-pinned = (revisión { $rev })
programme-moved-on = Este programa usaba la revisión { $rev }; la ficha está ahora en la revisión { $latest }.
programme-see-changes = Ver qué cambió
programme-method-missing = (no encontrado)
programme-exports = Exportaciones
programme-print = Imprimir
programme-print-cards = Imprimir sus métodos como tarjetas
programme-export-ics = Calendario (iCalendar)
programme-export-xml = schedule.xml de frab
programme-export-json = schedule.json de frab
programme-export-json-classic = schedule.json de frab (formato clásico)
programme-export-csv = CSV
programme-qr-alt = Código QR de { $method }
programme-export-csv-spreadsheet = CSV para hojas de cálculo (Excel)
programme-duplicate = Duplicar como programa nuevo
programme-used-in = { $count ->
    [one] Usado en { $count } evento
   *[other] Usado en { $count } eventos
}
programme-error-unclosed = El encabezado no tiene la línea “---” de cierre.
programme-error-yaml = El encabezado no es YAML válido.
programme-error-title = Dé un título al evento.
programme-error-date = Escriba una fecha como AAAA-MM-DD.
programme-error-end-before-start = El último día es anterior al primero.
programme-error-too-long = Un evento dura como máximo 31 días.
programme-error-timezone = Zona horaria desconocida: use un nombre como Europe/Paris o UTC, o un desfase fijo como UTC+01:00.
programme-error-language = No es un código de idioma: escriba uno como es, en o pt-BR.
programme-error-id = El id de una franja es un UUID (como 6f1c8f6e-1b9e-4d43-9e61-6a0f4e0c2a11): quite este y la franja recibirá uno.
programme-error-duplicate-id = Otra franja tiene este id (¿una línea copiada?): quítelo de esta franja, que entonces recibirá uno propio.
programme-error-licence = No es un identificador de licencia (SPDX), p. ej. CC-BY-SA-4.0.
programme-error-slots = “slots” debe ser una lista.
programme-error-too-many-slots = Un programa tiene como máximo 500 franjas.
programme-error-slot = Una franja debe ser un mapa de sus campos.
programme-error-day-outside = Este día no está dentro de las fechas del evento.
programme-error-time = Escriba una hora del día entre 0:00 y 23:59, como 9:30, 9h30 o 09.30.
programme-error-method-unknown = Ninguna página se llama “{ $method }”. Títulos más parecidos: { $titles }.
programme-error-method-nowhere = Ninguna página se llama “{ $method }”, y ningún título se le parece.
programme-error-method-missing = Ninguna página se llama “{ $method }”.
programme-keep-missing = Guardar tal cual los nombres de métodos que no llevan a ninguna página: sus páginas se escribirán más adelante.
programme-error-duration = Escriba la duración en minutos (de 1 a 1440).
programme-error-slot-title = Dé un título a la franja.
programme-error-number = Escriba un número entero.
programme-error-method = No es un nombre de página (añada @N para fijar una revisión).
programme-error-page = Dé al programa un nombre de página válido.
programme-import-format = Formato
programme-import-data = Contenido del archivo
programme-import-help = CSV con las columnas de la exportación CSV (day, start, duration, title…; timezone para la zona horaria de las horas), o un schedule.json o schedule.xml de frab/pretalx.
programme-import-check = Comprobar (no se guarda nada)
programme-import-confirm = Importar
programme-import-report = Lo que creará la importación
programme-import-will-create = La página “{ $page }” con el programa “{ $title }”.
programme-import-slots = { $count ->
    [one] { $count } franja
   *[other] { $count } franjas
}
programme-import-unknown = Métodos no reconocidos
programme-import-summary = Programa importado
programme-import-empty = El archivo no tiene ninguna franja.
programme-import-bad-csv = No se pudo leer el CSV, o le falta una de las columnas day, start, duration, title.
programme-import-bad-json = No se pudo leer el JSON como un schedule.json de frab o pretalx.
programme-import-bad-xml = No se pudo leer el XML como un schedule.xml de frab o pretalx.
programme-import-zones = Las filas de la columna timezone nombran zonas horarias distintas: un programa tiene una sola.
programme-import-refused = No se importó nada
programme-import-timezone = Las horas están en la zona horaria { $zone }; puede cambiarla después de la importación.
programme-export-bad-layout = Formato desconocido: pida layout=classic, o ninguno (el formato schema2).

# Fechas tal como se leen (layout::time, layout::long_date).
date-long = { $weekday }, { $day } de { $month } de { $year }
time-shown = { $day } { $month } { $year }, { $time } UTC
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic

## Discusiones
discussion-title = Discusión de { $page }
discussion-heading = Discusión
discussion-earlier = { $count ->
    [one] Un comentario anterior
   *[other] { $count } comentarios anteriores
}
discussion-empty = Todavía no hay comentarios. Las preguntas, experiencias y propuestas son bienvenidas.
discussion-pages = Páginas de la discusión
discussion-previous = Comentarios anteriores
discussion-next = Comentarios posteriores
discussion-page-of = Página { $page } de { $pages }
discussion-waiting-moderators = { $count ->
    [one] Un comentario espera su aprobación.
   *[other] { $count } comentarios esperan su aprobación.
}
discussion-waiting-notice = Gracias: su comentario espera la revisión de una persona moderadora y aparecerá cuando se apruebe.
discussion-removed-by = Comentario retirado por { $name }
discussion-removed = (retirado)
discussion-edited = editado
discussion-pending = Pendiente de aprobación
discussion-field-note = Nota de campo: usado en la práctica
discussion-group-size = { $count ->
    [one] una persona
   *[other] { $count } personas
}
discussion-duration = { $count ->
    [one] un minuto
   *[other] { $count } minutos
}
discussion-edit = Editar
discussion-approve = Aprobar
discussion-remove = Retirar
discussion-honeypot = Deje este campo vacío
discussion-reply = Responder
discussion-your-reply = Su respuesta
discussion-send-reply = Enviar la respuesta
discussion-your-comment = Su comentario
discussion-help = Aquí funciona Markdown, como en las páginas: **negrita**, *cursiva*, [[Enlaces a páginas]], listas.
discussion-field-note-legend = Una nota de campo
discussion-field-note-used = Usé este método: este comentario cuenta cómo fue
discussion-field-note-group = Tamaño del grupo (personas)
discussion-field-note-duration = Duración (minutos)
discussion-guest-note = No ha iniciado sesión: su comentario se firmará con un seudónimo generado a partir de su dirección.
discussion-send = Publicar el comentario
discussion-closed = Los comentarios de esta página están cerrados.
discussion-login = Inicie sesión para participar en la discusión
discussion-edit-title = Editar un comentario
discussion-back = Volver a la discusión
discussion-save-edit = Guardar el comentario
discussion-history-title = Versiones anteriores de un comentario
discussion-history-current = Ahora:
discussion-history-replaced = Hasta el
discussion-error-empty = El comentario está vacío: escriba algo antes de enviarlo.
discussion-error-too-long = El comentario es demasiado largo: como máximo { $max } caracteres. ¿Por qué no lo convierte en una página y la enlaza?
discussion-error-honeypot = El comentario parece enviado por un robot (se rellenó un campo oculto). Si usted es una persona, vacíe el campo llamado “Deje este campo vacío” y vuelva a enviarlo.
discussion-error-reply = El comentario al que responde ya no está en esta página. Su texto está abajo: envíelo como comentario nuevo.
discussion-error-figure = El tamaño del grupo y la duración son números enteros de 1 a 100000.
discussion-error-too-many = Ha enviado muchos comentarios en poco tiempo: espere un cuarto de hora y vuelva a enviar este. Su texto se conserva abajo.
error-forbidden-comment = No puede comentar en esta página: sus permisos reservan los comentarios a otras personas.
error-forbidden-comment-edit = Solo su autor/a puede editar un comentario.
error-forbidden-comment-remove = Solo su autor/a, la persona propietaria de la página y las personas administradoras pueden retirar un comentario.
error-forbidden-moderation = Solo la persona propietaria de la página y las personas administradoras moderan su discusión.
moderation-title = Comentarios pendientes de aprobación
moderation-empty = Ningún comentario espera su aprobación.
comments-by-title = Comentarios de { $user }
comments-by-edits = Las ediciones de esta persona
comments-by-empty = No hay comentarios en las páginas que usted puede leer.
recent-show-label = Mostrar
recent-show-all = Todo
recent-show-edits = Solo ediciones
recent-show-comments = Solo comentarios
recent-comment = comentario
recent-reply = respuesta
recent-field-note = nota de campo
feed-comment-title = { $author } comentó en { $page }
feed-reply-title = { $author } respondió en { $page }
feed-field-note-title = { $author } añadió una nota de campo a { $page }
catalogue-sort-practice = notas de campo
catalogue-field-notes = { $count ->
    [one] una nota de campo
   *[other] { $count } notas de campo
}

## Seguimiento
watch-start = Seguir esta página
watch-stop = Dejar de seguir
watch-stop-page = Dejar de seguir { $page }
watch-watching = Usted sigue esta página.
watch-changed-since = Cambios desde su última visita:
watch-new-revisions = { $count ->
    [one] una revisión nueva
   *[other] { $count } revisiones nuevas
}
watch-new-comments = { $count ->
    [one] un comentario nuevo
   *[other] { $count } comentarios nuevos
}
watchlist-title = Lista de seguimiento
watchlist-help = Las páginas que sigue, primero las que otras personas cambiaron desde su última visita. Visitar una página la marca como vista.
watchlist-empty = Todavía no sigue ninguna página: “Seguir esta página”, al pie de cualquier página, la añade aquí.
watchlist-all-seen = Marcar todo como visto
watchlist-deleted = eliminada
watchlist-unchanged = nada nuevo
watchlist-feed-title = Su lista de seguimiento como canal
watchlist-feed-help = Un canal Atom privado con los cambios y comentarios de las páginas que sigue, para un lector de canales. Su dirección es secreta: quien la tenga podrá leer lo que usted puede leer en esas páginas.
watchlist-feed-new = La dirección de su canal (solo se muestra ahora: cópiela en su lector de canales):
watchlist-feed-create = Crear una dirección de canal
watchlist-feed-replace = Crear una dirección nueva (la anterior dejará de funcionar)
watchlist-feed-revoke = Detener el canal
error-forbidden-watch = Inicie sesión para seguir páginas.
watchlist-mail-legend = Escribirme por correo sobre las páginas que sigo, los comentarios que me mencionan (@nombre) y las respuestas a los míos
watchlist-mail-immediately = al momento
watchlist-mail-daily = como máximo una vez al día (un resumen diario)
watchlist-mail-weekly = como máximo una vez a la semana (un resumen semanal)
watchlist-mail-never = nunca
watchlist-mail-save = Guardar esta elección
watchlist-mail-invalid = Elija una de las respuestas propuestas.
watchlist-mail-language = Los correos se escriben en el idioma que usted use aquí al guardar esta elección, o en el que elija con el selector de idioma.
notify-mail-greeting = Hola, { $name }:
notify-mail-intro = Lo que pasó en { $site } en las páginas que sigue:
notify-mail-revision = { $page }: revisión { $number } de { $author } ({ $when })
notify-mail-found = { $page }: encontrada por una búsqueda que sigue, revisión { $number } de { $author } ({ $when })
notify-mail-comment = { $page }: { $author } comentó ({ $when }):
notify-mail-reply = { $page }: { $author } le respondió ({ $when }):
notify-mail-mention = { $page }: { $author } mencionó su nombre ({ $when }):
notify-mail-watchlist = Su lista de seguimiento, donde puede elegir con qué frecuencia llegan estos correos: { $link }
notify-mail-stop = Dejar de recibir estos correos: { $link }
notify-mail-subject-one = [{ $site }] { $page }
notify-mail-subject-many = { $count ->
    [one] [{ $site }] Una novedad en las páginas que sigue
   *[other] [{ $site }] { $count } novedades en las páginas que sigue
}
unsubscribe-title = Dejar de recibir correos de notificación
unsubscribe-ask = ¿Dejar de recibir en su dirección todos los correos de notificación de este wiki? Puede volver a activarlos desde su lista de seguimiento.
unsubscribe-button = Dejar de recibir los correos
unsubscribe-done = Hecho: este wiki ya no le enviará más correos de notificación.
catalogue-watch-search = Seguir esta búsqueda: mostrarme a partir de ahora los métodos que encuentre
watchlist-searches-title = Búsquedas que sigue
watchlist-searches-empty = En el catálogo de métodos, “Seguir esta búsqueda” guarda aquí sus filtros: aquí aparecen los métodos que encuentra que son nuevos o han cambiado desde la última vez que usted miró.
watchlist-search-new = { $count ->
    [one] un método nuevo o modificado
   *[other] { $count } métodos nuevos o modificados
}
watchlist-search-gone = su catálogo ya no existe
watchlist-search-invalid = Esta no es una búsqueda del catálogo que se pueda seguir.
action-live = Editar en directo
live-title = { $page }, en directo
live-help = Todas las personas aquí escriben en el mismo texto a la vez; se guarda como revisión cuando nadie ha escrito durante un rato, cuando se va la última persona o cuando usted lo pide. Sin JavaScript, utilice el
live-plain-editor = editor simple.
live-needs-script = La edición en directo necesita JavaScript; el texto de abajo es la última revisión.
live-connecting = Conectando…
live-connected = Conectado: lo que escribe llega a las demás personas a medida que escribe.
live-offline = Sin conexión: siga escribiendo, su texto se fusionará cuando vuelva la conexión.
live-read-only = Puede leer esta página pero no modificarla: está mirando.
live-closed = Se cerró la conexión:
live-people = Presentes
live-guest = Invitado/a
live-save-now = Guardar una versión ahora
live-saved = Guardado como revisión { $number }.
live-invalid = El texto en directo no se guardó como revisión: tal como está no puede guardarse (el editor simple diría por qué). Corríjalo en el editor en directo; se guardará en cuanto sea posible.
live-back = Volver a la página

## Editor toolbar (assets/app.js shows it; without JavaScript it stays hidden)
toolbar = Formato
toolbar-bold = Negrita
toolbar-italic = Cursiva
toolbar-heading = Título
toolbar-list = Lista con viñetas
toolbar-link = Enlace a una dirección web
toolbar-wikilink = Enlace a una página del wiki
toolbar-wikilink-page = Página que enlazar
toolbar-wikilink-insert = Insertar el enlace
toolbar-table = Tabla
toolbar-table-text = | Columna | Columna |
    | --- | --- |
    | Texto | Texto |
toolbar-file = Insertar un archivo
toolbar-file-help = Elija un archivo, o suéltelo sobre el texto: se adjunta a la página y se muestra donde está el cursor.
toolbar-placement = Posición de la imagen
toolbar-placement-inline = Tal cual
toolbar-placement-left = A la izquierda, con texto alrededor
toolbar-placement-right = A la derecha, con texto alrededor
toolbar-placement-center = Centrada
toolbar-size = Tamaño de la imagen
toolbar-size-full = Ancho completo
toolbar-size-small = Pequeña
toolbar-size-medium = Mediana
toolbar-uploading = Subiendo { $file }…
toolbar-uploaded = { $file } adjuntado e insertado.
toolbar-upload-failed = { $file } no se adjuntó: { $reason }
