<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru_RU">
<context>
    <name>AdvisoryLock</name>
    <message>
        <source>Waiting for another migration run to finish (%1).</source>
        <translation>Ожидание завершения другого запуска миграций (%1).</translation>
    </message>
    <message>
        <source>Cancelled while waiting for another migration run.</source>
        <translation>Отменено во время ожидания другого запуска миграций.</translation>
    </message>
    <message>
        <source>Another migration run holds the lock (%1); gave up after %2 s.</source>
        <translation>Блокировку удерживает другой запуск миграций (%1); ожидание прекращено через %2 с.</translation>
    </message>
    <message>
        <source>holder unknown</source>
        <translation>владелец неизвестен</translation>
    </message>
    <message>
        <source>pid %1, user %2, application "%3", connected since %4</source>
        <translation>pid %1, пользователь %2, приложение "%3", подключён с %4</translation>
    </message>
    <message>
        <source>Cannot open the connection that holds the migration lock: %1</source>
        <translation>Не удалось открыть соединение, которое держит блокировку миграций: %1</translation>
    </message>
</context>
<context>
    <name>AlembicCommand</name>
    <message>
        <source>statement: %1</source>
        <translation>команда: %1</translation>
    </message>
    <message>
        <source>Runs a command of an Alembic project (a folder with alembic.ini) with Debian's alembic, the connection handed over as sqlalchemy.url.
  current            the revision(s) alembic_version is at
  history            every revision with its state (applied, pending)
  heads              the newest revision(s); no connection needed
  upgrade TARGET     apply revisions up to TARGET (head, a revision, +N)
  downgrade TARGET   revert revisions down to TARGET (base, a revision, -N)
  stamp TARGET       set alembic_version to TARGET without running migrations
--sql prints Alembic's offline SQL for upgrade, downgrade and stamp.
Exit status: 0 done, 1 failed, 2 usage error or no such revision.</source>
        <translation>Выполняет команду проекта Alembic (папки с alembic.ini) через alembic из Debian, передавая подключение как sqlalchemy.url.
  current            ревизии, на которых стоит alembic_version
  history            все ревизии с состоянием (applied, pending)
  heads              новейшие ревизии; подключение не нужно
  upgrade ЦЕЛЬ       применить ревизии до ЦЕЛИ (head, ревизия, +N)
  downgrade ЦЕЛЬ     откатить ревизии до ЦЕЛИ (base, ревизия, -N)
  stamp ЦЕЛЬ         записать ЦЕЛЬ в alembic_version, не выполняя миграций
--sql печатает офлайн-SQL Alembic для upgrade, downgrade и stamp.
Код выхода: 0 — готово, 1 — ошибка выполнения, 2 — ошибка в аргументах или нет такой ревизии.</translation>
    </message>
    <message>
        <source>The Alembic project's folder.</source>
        <translation>Папка проекта Alembic.</translation>
    </message>
    <message>
        <source>Print Alembic's offline SQL, change nothing.</source>
        <translation>Напечатать офлайн-SQL Alembic, ничего не меняя.</translation>
    </message>
    <message>
        <source>The alembic program (default /usr/bin/alembic).</source>
        <translation>Программа alembic (по умолчанию /usr/bin/alembic).</translation>
    </message>
    <message>
        <source>The Python interpreter (default /usr/bin/python3).</source>
        <translation>Интерпретатор Python (по умолчанию /usr/bin/python3).</translation>
    </message>
    <message>
        <source>URI, SQLAlchemy URL or keyword string.</source>
        <translation>URI, URL SQLAlchemy или строка ключ=значение.</translation>
    </message>
    <message>
        <source>usage: migrate --alembic DIR %1%2 CONNECTION</source>
        <translation>использование: migrate --alembic ПАПКА %1%2 ПОДКЛЮЧЕНИЕ</translation>
    </message>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>current</source>
        <translation>current</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>слияние</translation>
    </message>
    <message>
        <source>branch point</source>
        <translation>ветвление</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>env.py chose its own database: Alembic ran against %1, not %2.</source>
        <translation>env.py выбрал свою базу: Alembic работал с %1, а не с %2.</translation>
    </message>
    <message>
        <source>alembic_version of %1 is at %2.</source>
        <translation>alembic_version базы %1: %2.</translation>
    </message>
</context>
<context>
    <name>AlembicError</name>
    <message>
        <source>Alembic cannot connect: %1</source>
        <translation>Alembic не может подключиться: %1</translation>
    </message>
    <message>
        <source>The server refused Alembic's statement: %1</source>
        <translation>Сервер отклонил команду Alembic: %1</translation>
    </message>
    <message>
        <source>Revision %1 failed: %2</source>
        <translation>Ревизия %1 не выполнена: %2</translation>
    </message>
    <message>
        <source>%1 has no Python module "%2": install the package %3, or choose an interpreter that has it</source>
        <translation>В %1 нет модуля Python «%2»: установите пакет %3 или выберите интерпретатор, в котором он есть</translation>
    </message>
    <message>
        <source>No such revision in this Alembic project: %1</source>
        <translation>В этом проекте Alembic нет ревизии %1</translation>
    </message>
    <message>
        <source>Alembic failed: %1</source>
        <translation>Ошибка Alembic: %1</translation>
    </message>
    <message>
        <source>Alembic exited with status %1</source>
        <translation>Alembic завершился с кодом %1</translation>
    </message>
    <message>
        <source>Alembic exited with status %1: %2</source>
        <translation>Alembic завершился с кодом %1: %2</translation>
    </message>
</context>
<context>
    <name>AlembicHistory</name>
    <message>
        <source>applied</source>
        <translation>применена</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестна</translation>
    </message>
</context>
<context>
    <name>AlembicProject</name>
    <message>
        <source>unknown Alembic command "%1": use current, history, heads, upgrade, downgrade or stamp</source>
        <translation>неизвестная команда Alembic «%1»: используйте current, history, heads, upgrade, downgrade или stamp</translation>
    </message>
    <message>
        <source>alembic %1 needs a target (head, base, a revision, +1, -1)</source>
        <translation>alembic %1 требует цель (head, base, ревизия, +1, -1)</translation>
    </message>
    <message>
        <source>alembic %1 takes no target</source>
        <translation>alembic %1 не принимает цель</translation>
    </message>
    <message>
        <source>--sql goes with upgrade, downgrade or stamp</source>
        <translation>--sql используется только с upgrade, downgrade или stamp</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 — не папка</translation>
    </message>
    <message>
        <source>%1 is not an Alembic project: it has no alembic.ini</source>
        <translation>%1 — не проект Alembic: в ней нет alembic.ini</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>не удаётся прочитать %1</translation>
    </message>
    <message>
        <source>an offline downgrade (--sql) cannot read where the database is: give the range FROM:TO, for example %1:%2</source>
        <translation>офлайн-откат (--sql) не может узнать, где сейчас база: укажите диапазон ОТ:ДО, например %1:%2</translation>
    </message>
</context>
<context>
    <name>Autogenerate</name>
    <message>
        <source>the database</source>
        <translation>базе</translation>
    </message>
    <message>
        <source>the revisions</source>
        <translation>ревизиях</translation>
    </message>
    <message>
        <source>The database is at %1, the revisions end at %2: upgrade it first, so the new revision holds only the changes made in the database.</source>
        <translation>База на ревизии %1, а ревизии заканчиваются на %2: сначала обновите её, чтобы новая ревизия содержала только изменения, сделанные в базе.</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>a new revision needs a message</source>
        <translation>новой ревизии нужно сообщение</translation>
    </message>
    <message>
        <source>The database equals its revisions: there is nothing to generate.</source>
        <translation>База совпадает со своими ревизиями: генерировать нечего.</translation>
    </message>
    <message>
        <source>The database differs from its revisions only in what autogenerate cannot write:</source>
        <translation>База отличается от своих ревизий только тем, что автогенерация записать не может:</translation>
    </message>
    <message>
        <source>Generated from the differences between the database and its revisions, verified in a shadow database.</source>
        <translation>Сгенерировано по различиям между базой и её ревизиями, проверено в теневой базе.</translation>
    </message>
    <message>
        <source>The generated upgrade fails in the shadow database: %1</source>
        <translation>Сгенерированное обновление не выполняется в теневой базе: %1</translation>
    </message>
    <message>
        <source>After the generated upgrade the shadow database still differs from the database:</source>
        <translation>После сгенерированного обновления теневая база всё ещё отличается от базы:</translation>
    </message>
    <message>
        <source>The generated downgrade fails in the shadow database: %1</source>
        <translation>Сгенерированный откат не выполняется в теневой базе: %1</translation>
    </message>
    <message>
        <source>After the generated downgrade the shadow database differs from what the revisions produce:</source>
        <translation>После сгенерированного отката теневая база отличается от того, что дают ревизии:</translation>
    </message>
    <message>
        <source>The revisions in %1 changed while the revision was generated: generate it again.</source>
        <translation>Ревизии в %1 изменились, пока генерировалась ревизия: сгенерируйте её заново.</translation>
    </message>
</context>
<context>
    <name>AutogenerateCommand</name>
    <message>
        <source>changes:</source>
        <translation>изменения:</translation>
    </message>
    <message>
        <source>data loss on upgrade:</source>
        <translation>потеря данных при обновлении:</translation>
    </message>
    <message>
        <source>data loss on downgrade:</source>
        <translation>потеря данных при откате:</translation>
    </message>
    <message>
        <source>not written (named in the file):</source>
        <translation>не записано (перечислено в файле):</translation>
    </message>
    <message>
        <source>possible renames (--renames writes them as renames):</source>
        <translation>возможные переименования (--renames запишет их как переименования):</translation>
    </message>
    <message>
        <source>verified in %1</source>
        <translation>проверено в %1</translation>
    </message>
    <message>
        <source>the database is stamped at %1</source>
        <translation>база отмечена ревизией %1</translation>
    </message>
    <message>
        <source>the database is not stamped (--no-stamp)</source>
        <translation>база не отмечена (--no-stamp)</translation>
    </message>
    <message>
        <source>the database equals what its revisions produce</source>
        <translation>база совпадает с тем, что дают её ревизии</translation>
    </message>
</context>
<context>
    <name>CellDelegate</name>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
</context>
<context>
    <name>ChangeForm</name>
    <message>
        <source>Defaults and conditions are SQL expressions, written into the DDL as typed: a text default needs quotes ('none').</source>
        <translation>Значения по умолчанию и условия — это выражения SQL, они попадают в DDL как написаны: текстовому значению нужны кавычки ('none').</translation>
    </message>
</context>
<context>
    <name>ChangeRevision</name>
    <message>
        <source>Data loss on upgrade:</source>
        <translation>Потеря данных при обновлении:</translation>
    </message>
    <message>
        <source>Data loss on downgrade:</source>
        <translation>Потеря данных при откате:</translation>
    </message>
    <message>
        <source>Not written (write these by hand):</source>
        <translation>Не записано (допишите вручную):</translation>
    </message>
    <message>
        <source>Written from a schema change made in the schema tree.</source>
        <translation>Записано из изменения схемы, сделанного в дереве схемы.</translation>
    </message>
</context>
<context>
    <name>ColumnRules</name>
    <message>
        <source>%1 must have a value.</source>
        <translation>%1: значение обязательно.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is limited to %n character(s) (now %2).</source>
        <translation>
            <numerusform>%1: не более %n символа (сейчас %2).</numerusform>
            <numerusform>%1: не более %n символов (сейчас %2).</numerusform>
            <numerusform>%1: не более %n символов (сейчас %2).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 must be a number, not "%2".</source>
        <translation>%1: нужно число, а не "%2".</translation>
    </message>
    <message>
        <source>filled by the server</source>
        <translation>заполняется сервером</translation>
    </message>
    <message>
        <source>required</source>
        <translation>обязательно</translation>
    </message>
    <message numerus="yes">
        <source>at most %n character(s)</source>
        <translation>
            <numerusform>не более %n символа</numerusform>
            <numerusform>не более %n символов</numerusform>
            <numerusform>не более %n символов</numerusform>
        </translation>
    </message>
    <message>
        <source>The row breaks the rule %1 (%2).</source>
        <translation>Строка нарушает правило %1 (%2).</translation>
    </message>
    <message>
        <source>The row is still referenced from %1 (%2 = %3), so it cannot be deleted or its key changed.</source>
        <translation>На строку всё ещё ссылаются из таблицы %1 (%2 = %3), поэтому её нельзя удалить или изменить её ключ.</translation>
    </message>
    <message>
        <source>%1 = %2 does not match any row of %3.</source>
        <translation>%1 = %2 не соответствует ни одной строке таблицы %3.</translation>
    </message>
    <message>
        <source>Another row already has %1 = %2.</source>
        <translation>Уже есть другая строка с %1 = %2.</translation>
    </message>
    <message>
        <source>A value is longer than its column allows: %1</source>
        <translation>Значение длиннее, чем допускает столбец: %1</translation>
    </message>
    <message>
        <source>A value has the wrong form: %1</source>
        <translation>Значение в неверном формате: %1</translation>
    </message>
    <message>
        <source>You are not allowed to change %1: %2</source>
        <translation>Нет прав на изменение таблицы %1: %2</translation>
    </message>
    <message>
        <source>Another transaction got in the way; commit again to retry.</source>
        <translation>Помешала другая транзакция; зафиксируйте ещё раз, чтобы повторить попытку.</translation>
    </message>
    <message>
        <source>%1 must be greater than %2.</source>
        <translation>Значение %1 должно быть больше %2.</translation>
    </message>
    <message>
        <source>%1 must be at least %2.</source>
        <translation>Значение %1 должно быть не меньше %2.</translation>
    </message>
    <message>
        <source>%1 must be less than %2.</source>
        <translation>Значение %1 должно быть меньше %2.</translation>
    </message>
    <message>
        <source>%1 must be at most %2.</source>
        <translation>Значение %1 должно быть не больше %2.</translation>
    </message>
    <message>
        <source>%1 must be different from %2.</source>
        <translation>Значение %1 должно отличаться от %2.</translation>
    </message>
    <message>
        <source>%1 must be equal to %2.</source>
        <translation>Значение %1 должно быть равно %2.</translation>
    </message>
    <message>
        <source>greater than %1</source>
        <translation>больше %1</translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation>не меньше %1</translation>
    </message>
    <message>
        <source>less than %1</source>
        <translation>меньше %1</translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation>не больше %1</translation>
    </message>
    <message>
        <source>not %1</source>
        <translation>не %1</translation>
    </message>
    <message>
        <source>equal to %1</source>
        <translation>равно %1</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>A native explorer for PostgreSQL databases.

Without a connection it opens the last one used, or the built-in demo database on a private PostgreSQL server that it starts itself.

A connection may be a libpq URI (postgresql://user@host:5432/db), a SQLAlchemy URL (postgresql+asyncpg://user:pass@host/db) or a keyword string ("host=localhost dbname=shop"). PG* environment variables, ~/.pgpass and pg_service.conf are honoured.

Commands (dbexplorer COMMAND --help for details):</source>
        <translation>Нативный обозреватель баз данных PostgreSQL.

Без указания подключения открывает последнее использованное или встроенную демо-базу на собственном сервере PostgreSQL, который запускает сам.

Подключение можно задать URI libpq (postgresql://user@host:5432/db), URL SQLAlchemy (postgresql+asyncpg://user:pass@host/db) или строкой параметров ("host=localhost dbname=shop"). Переменные окружения PG*, ~/.pgpass и pg_service.conf учитываются.

Команды (подробнее: dbexplorer КОМАНДА --help):</translation>
    </message>
    <message>
        <source>

Exit status: 0 success, 1 failure (connection, server), 2 usage error.</source>
        <translation>

Код выхода: 0 — успех, 1 — ошибка (подключение, сервер), 2 — ошибка в аргументах.</translation>
    </message>
    <message>
        <source>Open the demo database on the built-in local server, creating it if needed.</source>
        <translation>Открыть демо-базу на встроенном локальном сервере, создав её при необходимости.</translation>
    </message>
    <message>
        <source>Interface language: system, en or ru.</source>
        <translation>Язык интерфейса: system, en или ru.</translation>
    </message>
    <message>
        <source>Directory of the built-in server's cluster.</source>
        <translation>Каталог кластера встроенного сервера.</translation>
    </message>
    <message>
        <source>Save a PNG of the window once the database is shown, then quit.</source>
        <translation>Сохранить снимок окна в PNG, когда база будет показана, и выйти.</translation>
    </message>
    <message>
        <source>unknown language "%1": use system, en or ru</source>
        <translation>неизвестный язык "%1": укажите system, en или ru</translation>
    </message>
    <message>
        <source>no display to open the window on: run it in a desktop session, or under a virtual display (xvfb-run -a dbexplorer ...)</source>
        <translation>нет дисплея для окна: запустите программу в графическом сеансе или на виртуальном дисплее (xvfb-run -a dbexplorer ...)</translation>
    </message>
    <message>
        <source>Open this table ([schema.]table) once the database is shown.</source>
        <translation>Открыть эту таблицу ([схема.]таблица), когда база будет показана.</translation>
    </message>
    <message>
        <source>With --open: show the record form beside the grid.</source>
        <translation>Вместе с --open: показать форму записи рядом с сеткой.</translation>
    </message>
    <message>
        <source>no table %1.%2 in this database</source>
        <translation>в этой базе данных нет таблицы %1.%2</translation>
    </message>
    <message>
        <source>With --query: run it at once.</source>
        <translation>С --query: сразу выполнить его.</translation>
    </message>
    <message>
        <source>Open this saved query (.json) in the query builder, or this SQL script (.sql) in a console, once the database is shown.</source>
        <translation>Открыть этот сохранённый запрос (.json) в конструкторе запросов или этот скрипт SQL (.sql) в консоли, когда база данных будет показана.</translation>
    </message>
    <message>
        <source>Databases to open side by side: names of saved connections, URIs, SQLAlchemy URLs or keyword strings.</source>
        <translation>Базы данных, открываемые рядом: имена сохранённых подключений, URI, URL SQLAlchemy или строки ключ=значение.</translation>
    </message>
</context>
<context>
    <name>ConditionText</name>
    <message>
        <source>%1 contains “%2”</source>
        <translation>%1 содержит «%2»</translation>
    </message>
    <message>
        <source>%1 starts with “%2”</source>
        <translation>%1 начинается с «%2»</translation>
    </message>
    <message>
        <source>%1 ends with “%2”</source>
        <translation>%1 заканчивается на «%2»</translation>
    </message>
    <message>
        <source>%1 in (%2)</source>
        <translation>%1 в (%2)</translation>
    </message>
    <message>
        <source>%1 between %2 and %3</source>
        <translation>%1 между %2 и %3</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 пусто</translation>
    </message>
    <message>
        <source>%1 is not empty</source>
        <translation>%1 не пусто</translation>
    </message>
    <message>
        <source> and </source>
        <translation> и </translation>
    </message>
    <message>
        <source> or </source>
        <translation> или </translation>
    </message>
    <message>
        <source>%1 where %2</source>
        <translation>%1, где %2</translation>
    </message>
    <message>
        <source>%1, by %2 descending</source>
        <translation>%1, по %2 по убыванию</translation>
    </message>
    <message>
        <source>%1, by %2</source>
        <translation>%1, по %2</translation>
    </message>
    <message>
        <source>%1, any case</source>
        <translation>%1, без учёта регистра</translation>
    </message>
</context>
<context>
    <name>ConnectionSpec</name>
    <message>
        <source>Invalid port %1: use a number from 1 to 65535.</source>
        <translation>Недопустимый порт %1: укажите число от 1 до 65535.</translation>
    </message>
    <message>
        <source>Invalid SSL mode %1: use one of disable, allow, prefer, require, verify-ca or verify-full.</source>
        <translation>Недопустимый режим SSL %1: используйте disable, allow, prefer, require, verify-ca или verify-full.</translation>
    </message>
    <message>
        <source>Unknown connection keyword %1.</source>
        <translation>Неизвестный параметр подключения %1.</translation>
    </message>
    <message>
        <source>Client encoding %1 is not supported: DB Explorer only works with UTF8.</source>
        <translation>Кодировка клиента %1 не поддерживается: DB Explorer работает только с UTF8.</translation>
    </message>
    <message>
        <source>The value of %1 contains a ";", which the Qt PostgreSQL driver cannot pass on.</source>
        <translation>Значение %1 содержит ";", который драйвер Qt для PostgreSQL не может передать.</translation>
    </message>
    <message>
        <source>The quoted value of %1 has no closing quote.</source>
        <translation>У значения %1 в кавычках нет закрывающей кавычки.</translation>
    </message>
    <message>
        <source>A value has no keyword in front of its "=".</source>
        <translation>Перед "=" нет имени параметра.</translation>
    </message>
    <message>
        <source>Missing "=" after %1: expected keyword=value pairs or a postgresql:// URI.</source>
        <translation>После %1 нет "=": ожидаются пары параметр=значение или URI postgresql://.</translation>
    </message>
    <message>
        <source>Invalid percent-encoding %1 in the URI.</source>
        <translation>Недопустимая процентная кодировка %1 в URI.</translation>
    </message>
    <message>
        <source>The URI contains an encoded NUL character (%00).</source>
        <translation>URI содержит закодированный нулевой символ (%00).</translation>
    </message>
    <message>
        <source>Invalid percent-encoding in %1: the bytes are not valid UTF-8.</source>
        <translation>Недопустимая процентная кодировка в %1: байты не являются корректным UTF-8.</translation>
    </message>
    <message>
        <source>Missing "]" after the IPv6 address %1.</source>
        <translation>После адреса IPv6 %1 нет "]".</translation>
    </message>
    <message>
        <source>Invalid IPv6 address in host %1.</source>
        <translation>Недопустимый адрес IPv6 в имени хоста %1.</translation>
    </message>
    <message>
        <source>Unbalanced brackets in host %1.</source>
        <translation>Несбалансированные скобки в имени хоста %1.</translation>
    </message>
    <message>
        <source>The hosts %1 have different ports; use one port for all of them.</source>
        <translation>У хостов %1 разные порты; используйте один порт для всех.</translation>
    </message>
    <message>
        <source>Missing "=" in the URI parameter %1.</source>
        <translation>В параметре URI %1 нет "=".</translation>
    </message>
    <message>
        <source>Unsupported URI scheme %1: use postgresql://, postgres:// or a keyword=value string.</source>
        <translation>Неподдерживаемая схема URI %1: используйте postgresql://, postgres:// или строку параметр=значение.</translation>
    </message>
    <message>
        <source>The connection string is empty.</source>
        <translation>Строка подключения пуста.</translation>
    </message>
    <message>
        <source>The connection string contains a NUL character.</source>
        <translation>Строка подключения содержит нулевой символ.</translation>
    </message>
    <message>
        <source>service %1</source>
        <translation>служба %1</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>порт %1</translation>
    </message>
    <message>
        <source>default connection</source>
        <translation>подключение по умолчанию</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 на %2</translation>
    </message>
    <message>
        <source>Invalid percent-encoding in the password.</source>
        <translation>Неверное %-кодирование в пароле.</translation>
    </message>
</context>
<context>
    <name>Connector</name>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <source>The connection to the server was lost.</source>
        <translation>Соединение с сервером потеряно.</translation>
    </message>
    <message>
        <source>the default local socket</source>
        <translation>локальный сокет по умолчанию</translation>
    </message>
    <message>
        <source>socket directory %1 (port %2)</source>
        <translation>каталог сокета %1 (порт %2)</translation>
    </message>
    <message>
        <source>The Qt PostgreSQL driver (QPSQL) is not installed; install the package libqt6sql6-psql.</source>
        <translation>Драйвер Qt для PostgreSQL (QPSQL) не установлен; установите пакет libqt6sql6-psql.</translation>
    </message>
    <message>
        <source>(default user)</source>
        <translation>(пользователь по умолчанию)</translation>
    </message>
    <message>
        <source>Wrong password for user "%1".</source>
        <translation>Неверный пароль пользователя "%1".</translation>
    </message>
    <message>
        <source>The server asks for a password for user "%1".</source>
        <translation>Сервер запрашивает пароль пользователя "%1".</translation>
    </message>
    <message>
        <source>The server has no user "%1".</source>
        <translation>На сервере нет пользователя "%1".</translation>
    </message>
    <message>
        <source>Database "%1" does not exist on %2.</source>
        <translation>База данных "%1" не существует на %2.</translation>
    </message>
    <message>
        <source>Unknown host "%1".</source>
        <translation>Неизвестный хост "%1".</translation>
    </message>
    <message>
        <source>No PostgreSQL server is running at %1.</source>
        <translation>На %1 не запущен сервер PostgreSQL.</translation>
    </message>
    <message>
        <source>Timed out connecting to %1.</source>
        <translation>Истекло время ожидания подключения к %1.</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>Не удалось подключиться к %1: %2</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>неизвестная ошибка</translation>
    </message>
    <message>
        <source>The statement failed without a message from the server.</source>
        <translation>Запрос завершился ошибкой без сообщения от сервера.</translation>
    </message>
    <message>
        <source>A statement can bind at most %L1 values; this one has %L2.</source>
        <translation>Оператор может связать не более %L1 значений, а в этом их %L2.</translation>
    </message>
    <message>
        <source>COPY FROM STDIN cannot be given data here</source>
        <translation>здесь нельзя передать данные для COPY FROM STDIN</translation>
    </message>
    <message>
        <source>COPY TO STDOUT cannot be read as rows here</source>
        <translation>здесь COPY TO STDOUT нельзя прочитать как строки</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <source>The result's cursor is closed: its transaction ended.</source>
        <translation>Курсор результата закрыт: его транзакция завершилась.</translation>
    </message>
    <message>
        <source>A statement is still running: wait for it or cancel it first.</source>
        <translation>Оператор ещё выполняется: дождитесь его завершения или сначала отмените его.</translation>
    </message>
    <message>
        <source>Closed: the connection was lost.</source>
        <translation>Закрыт: соединение потеряно.</translation>
    </message>
    <message>
        <source>Closed: another statement ran, which ended the transaction that held this result (auto-commit).</source>
        <translation>Закрыт: выполнен другой оператор, и транзакция, державшая этот результат, завершилась (автофиксация).</translation>
    </message>
    <message>
        <source>Closed: the transaction that held this result ended.</source>
        <translation>Закрыт: транзакция, державшая этот результат, завершилась.</translation>
    </message>
    <message>
        <source>Closed: the transaction that held this result failed.</source>
        <translation>Закрыт: транзакция, державшая этот результат, прервана ошибкой.</translation>
    </message>
    <message numerus="yes">
        <source>Closed after %n second(s) unread, so that its transaction holds no locks (auto-commit); the rows read are kept, run the statement again for the rest.</source>
        <translation>
            <numerusform>Закрыт после %n секунды без чтения, чтобы его транзакция не держала блокировок (автофиксация); прочитанные строки сохранены, выполните запрос снова, чтобы получить остальные.</numerusform>
            <numerusform>Закрыт после %n секунд без чтения, чтобы его транзакция не держала блокировок (автофиксация); прочитанные строки сохранены, выполните запрос снова, чтобы получить остальные.</numerusform>
            <numerusform>Закрыт после %n секунд без чтения, чтобы его транзакция не держала блокировок (автофиксация); прочитанные строки сохранены, выполните запрос снова, чтобы получить остальные.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CsvImport</name>
    <message>
        <source>The delimiter must be one ASCII character other than a line break.</source>
        <translation>Разделитель должен быть одним символом ASCII, но не переводом строки.</translation>
    </message>
    <message>
        <source>The quote must be one ASCII character other than a line break.</source>
        <translation>Кавычка должна быть одним символом ASCII, но не переводом строки.</translation>
    </message>
    <message>
        <source>The delimiter and the quote must be different characters.</source>
        <translation>Разделитель и кавычка должны быть разными символами.</translation>
    </message>
    <message>
        <source>The text that stands for NULL cannot contain a line break.</source>
        <translation>Текст, обозначающий NULL, не может содержать перевод строки.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удаётся прочитать %1: %2</translation>
    </message>
    <message>
        <source>The encoding %1 is not known to the preview.</source>
        <translation>Кодировка %1 неизвестна предпросмотру.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>строка %1: %2</translation>
    </message>
    <message>
        <source>No table to import into.</source>
        <translation>Не выбрана таблица для импорта.</translation>
    </message>
    <message>
        <source>File column %1 goes into no table column. Every column of the file must be imported; remove the column from the file to skip it.</source>
        <translation>Столбец файла %1 не сопоставлен ни одному столбцу таблицы. Импортируются все столбцы файла; чтобы пропустить столбец, удалите его из файла.</translation>
    </message>
    <message>
        <source>The table column %1 is chosen for two file columns.</source>
        <translation>Столбец таблицы %1 выбран для двух столбцов файла.</translation>
    </message>
    <message>
        <source>%1 cannot be NULL</source>
        <translation>%1 не может быть NULL</translation>
    </message>
</context>
<context>
    <name>Database</name>
    <message>
        <source>Not connected to a database.</source>
        <translation>Нет подключения к базе данных.</translation>
    </message>
    <message>
        <source>Statement %1 of %2, line %3 of the script.</source>
        <translation>Команда %1 из %2, строка %3 скрипта.</translation>
    </message>
</context>
<context>
    <name>DdlReader</name>
    <message>
        <source>there is no function %1</source>
        <translation>функции %1 нет</translation>
    </message>
    <message>
        <source>there is no enum type %1</source>
        <translation>перечисления %1 нет</translation>
    </message>
    <message>
        <source>pg_dump could not be started: %1. Install the package postgresql-client.</source>
        <translation>не удалось запустить pg_dump: %1. Установите пакет postgresql-client.</translation>
    </message>
    <message>
        <source>pg_dump failed: %1</source>
        <translation>pg_dump завершился с ошибкой: %1</translation>
    </message>
    <message>
        <source>no table, view, sequence, function or enum type %1</source>
        <translation>нет таблицы, представления, последовательности, функции или перечисления %1</translation>
    </message>
</context>
<context>
    <name>DemoDatabase</name>
    <message>
        <source>Preparing the demo database "%1"…</source>
        <translation>Подготовка демо-базы "%1"…</translation>
    </message>
    <message>
        <source>The demo data script is missing from the application's resources.</source>
        <translation>В ресурсах приложения нет скрипта демо-данных.</translation>
    </message>
    <message>
        <source>Could not load the demo data: %1</source>
        <translation>Не удалось загрузить демо-данные: %1</translation>
    </message>
    <message>
        <source>part-time resumes</source>
        <translation>резюме с частичной занятостью</translation>
    </message>
    <message>
        <source>The demo rows are loaded only into empty demo tables.</source>
        <translation>Демо-строки загружаются только в пустые демо-таблицы.</translation>
    </message>
</context>
<context>
    <name>ErLayout</name>
    <message>
        <source>Graphviz could not start</source>
        <translation>Не удалось запустить Graphviz</translation>
    </message>
    <message>
        <source>Graphviz could not lay out the diagram</source>
        <translation>Graphviz не смог разместить диаграмму</translation>
    </message>
</context>
<context>
    <name>ExplainMenu</name>
    <message>
        <source>Explain</source>
        <translation>План запроса</translation>
    </message>
    <message>
        <source>Show the planner's plan for the query without running it</source>
        <translation>Показать план планировщика, не выполняя запрос</translation>
    </message>
    <message>
        <source>Explain Analyze</source>
        <translation>План с выполнением (ANALYZE)</translation>
    </message>
    <message>
        <source>Run the query to measure its plan (data changes are rolled back)</source>
        <translation>Выполнить запрос и измерить его план (изменения данных откатываются)</translation>
    </message>
    <message>
        <source>Show the query's plan, estimated or measured</source>
        <translation>Показать план запроса: оценку или замеры</translation>
    </message>
</context>
<context>
    <name>ExplainMessages</name>
    <message>
        <source>The statement is an EXPLAIN already: explain the statement inside it instead.</source>
        <translation>Это уже EXPLAIN: объясните запрос внутри него.</translation>
    </message>
    <message>
        <source>EXPLAIN shows the plans of SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE and CREATE TABLE AS; this statement is none of them.</source>
        <translation>EXPLAIN показывает планы SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE и CREATE TABLE AS; этот запрос не из их числа.</translation>
    </message>
    <message>
        <source>The server returned no plan.</source>
        <translation>Сервер не вернул план.</translation>
    </message>
    <message>
        <source>Syntax error: %1 (at character %2).</source>
        <translation>Синтаксическая ошибка: %1 (в символе %2).</translation>
    </message>
    <message numerus="yes">
        <source>EXPLAIN takes one statement; this text has %n statement(s).</source>
        <translation>
            <numerusform>EXPLAIN принимает один запрос; в этом тексте %n запрос</numerusform>
            <numerusform>EXPLAIN принимает один запрос; в этом тексте %n запроса</numerusform>
            <numerusform>EXPLAIN принимает один запрос; в этом тексте %n запросов</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportCommand</name>
    <message>
        <source>Imports a CSV file into a table in one transaction: the file goes to the server unchanged through COPY FROM STDIN, so the result is what psql's \copy gives.
A row the server refuses stops the import with its line number; nothing is imported then.
Exit status: 0 imported, 1 failed (nothing imported), 2 usage error.</source>
        <translation>Импортирует CSV-файл в таблицу одной транзакцией: файл передаётся серверу без изменений через COPY FROM STDIN, поэтому результат тот же, что у \copy в psql.
Строка, которую сервер отвергает, останавливает импорт с номером её строки; тогда ничего не импортируется.
Код выхода: 0 импортировано, 1 ошибка (ничего не импортировано), 2 ошибка в аргументах.</translation>
    </message>
    <message>
        <source>%1 needs exactly one character, not "%2"</source>
        <translation>%1 требует ровно один символ, а не «%2»</translation>
    </message>
    <message>
        <source>The first line names the columns.</source>
        <translation>Первая строка содержит имена столбцов.</translation>
    </message>
    <message>
        <source>The field delimiter (default ,).</source>
        <translation>Разделитель полей (по умолчанию ,).</translation>
    </message>
    <message>
        <source>The quote character (default ").</source>
        <translation>Символ кавычки (по умолчанию ").</translation>
    </message>
    <message>
        <source>The unquoted text that stands for NULL (default: an empty field).</source>
        <translation>Текст без кавычек, обозначающий NULL (по умолчанию пустое поле).</translation>
    </message>
    <message>
        <source>The file's encoding as PostgreSQL names it (default UTF8).</source>
        <translation>Кодировка файла в обозначениях PostgreSQL (по умолчанию UTF8).</translation>
    </message>
    <message>
        <source>The table columns the file's columns go into, in file order.</source>
        <translation>Столбцы таблицы, в которые идут столбцы файла, в порядке файла.</translation>
    </message>
    <message>
        <source>The CSV file.</source>
        <translation>CSV-файл.</translation>
    </message>
    <message>
        <source>The table, as schema.table or table.</source>
        <translation>Таблица: схема.таблица или таблица.</translation>
    </message>
    <message>
        <source>URI, SQLAlchemy URL or keyword string.</source>
        <translation>URI, URL SQLAlchemy или строка ключевых слов.</translation>
    </message>
    <message>
        <source>usage: import FILE TABLE CONNECTION [--header] [--delimiter C] [--quote C] [--null TEXT] [--encoding E] [--columns a,b,...]</source>
        <translation>использование: import ФАЙЛ ТАБЛИЦА ПОДКЛЮЧЕНИЕ [--header] [--delimiter C] [--quote C] [--null ТЕКСТ] [--encoding E] [--columns a,b,...]</translation>
    </message>
    <message>
        <source>There is no table %1.</source>
        <translation>Таблицы %1 нет.</translation>
    </message>
    <message>
        <source>import a CSV file into a table (as psql's \copy does)</source>
        <translation>импортировать CSV-файл в таблицу (как \copy в psql)</translation>
    </message>
    <message>
        <source>imported %1 rows into %2</source>
        <translation>импортировано строк: %1 в %2</translation>
    </message>
</context>
<context>
    <name>LocalServer</name>
    <message>
        <source>PostgreSQL server programs (initdb, pg_ctl, postgres) were not found. Install the package postgresql-15, or set DBX_PG_BINDIR to their directory.</source>
        <translation>Программы сервера PostgreSQL (initdb, pg_ctl, postgres) не найдены. Установите пакет postgresql-15 или укажите их каталог в DBX_PG_BINDIR.</translation>
    </message>
    <message>
        <source>Looked in: %1</source>
        <translation>Просмотрены каталоги: %1</translation>
    </message>
    <message>
        <source>Local demo server</source>
        <translation>Локальный демо-сервер</translation>
    </message>
    <message>
        <source>%1 did not finish within %2 s</source>
        <translation>%1 не завершился за %2 с</translation>
    </message>
    <message>
        <source>Cannot create the directory %1: permission denied or read-only file system.</source>
        <translation>Не удаётся создать каталог %1: нет прав или файловая система только для чтения.</translation>
    </message>
    <message>
        <source>Cannot give the directory %1 to the postgres user (needed to run the server as root).</source>
        <translation>Не удаётся передать каталог %1 пользователю postgres (это нужно для запуска сервера от root).</translation>
    </message>
    <message>
        <source>Cannot restrict the permissions of %1.</source>
        <translation>Не удаётся ограничить права доступа к %1.</translation>
    </message>
    <message>
        <source>The directory %1 is not writable.</source>
        <translation>Каталог %1 недоступен для записи.</translation>
    </message>
    <message>
        <source>The postgres user cannot enter %1; choose a server directory outside it (DBX_SERVER_DIR).</source>
        <translation>Пользователь postgres не может войти в %1; выберите каталог сервера вне его (DBX_SERVER_DIR).</translation>
    </message>
    <message>
        <source>The cluster in %1 was created by PostgreSQL %2, but the server programs are version %3.</source>
        <translation>Кластер в %1 создан PostgreSQL %2, а программы сервера — версии %3.</translation>
    </message>
    <message>
        <source>%1 exists but does not hold a PostgreSQL cluster; move it away or choose another server directory.</source>
        <translation>%1 существует, но не содержит кластера PostgreSQL; переместите его или выберите другой каталог сервера.</translation>
    </message>
    <message>
        <source>Creating a PostgreSQL cluster in %1…</source>
        <translation>Создание кластера PostgreSQL в %1…</translation>
    </message>
    <message>
        <source>initdb failed to create the cluster in %1.</source>
        <translation>initdb не смог создать кластер в %1.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>Не удаётся записать %1.</translation>
    </message>
    <message>
        <source>The socket %1 (port %2) is in use by another server (process %3).</source>
        <translation>Сокет %1 (порт %2) занят другим сервером (процесс %3).</translation>
    </message>
    <message>
        <source>%1 does not contain the PostgreSQL server programs (initdb, pg_ctl, postgres).</source>
        <translation>В %1 нет программ сервера PostgreSQL (initdb, pg_ctl, postgres).</translation>
    </message>
    <message>
        <source>Invalid port %1 for the local server.</source>
        <translation>Недопустимый порт %1 для локального сервера.</translation>
    </message>
    <message>
        <source>The socket directory %1 is too long for a Unix socket path (at most about 90 bytes).</source>
        <translation>Каталог сокета %1 слишком длинный для пути Unix-сокета (не более примерно 90 байт).</translation>
    </message>
    <message>
        <source>The socket directory %1 contains a quote or backslash.</source>
        <translation>Каталог сокета %1 содержит кавычку или обратную косую черту.</translation>
    </message>
    <message>
        <source>Starting the local PostgreSQL server…</source>
        <translation>Запуск локального сервера PostgreSQL…</translation>
    </message>
    <message>
        <source>The socket %1 (port %2) is busy.</source>
        <translation>Сокет %1 (порт %2) занят.</translation>
    </message>
    <message>
        <source>The local PostgreSQL server did not start; see %1.</source>
        <translation>Локальный сервер PostgreSQL не запустился; см. %1.</translation>
    </message>
    <message>
        <source>Stopping the local PostgreSQL server…</source>
        <translation>Остановка локального сервера PostgreSQL…</translation>
    </message>
    <message>
        <source>The local PostgreSQL server did not stop.</source>
        <translation>Локальный сервер PostgreSQL не остановился.</translation>
    </message>
</context>
<context>
    <name>MigrateCommand</name>
    <message>
        <source>statement:
%1</source>
        <translation>команда:
%1</translation>
    </message>
    <message>
        <source>usage: migrate %1 TARGET CONNECTION</source>
        <translation>использование: migrate %1 ЦЕЛЬ ПОДКЛЮЧЕНИЕ</translation>
    </message>
    <message>
        <source>usage: migrate %1 CONNECTION</source>
        <translation>использование: migrate %1 ПОДКЛЮЧЕНИЕ</translation>
    </message>
    <message>
        <source>Print the SQL the run would execute, change nothing.</source>
        <translation>Вывести SQL, который выполнил бы запуск, ничего не меняя.</translation>
    </message>
    <message>
        <source>Directory of the revision files.</source>
        <translation>Каталог файлов ревизий.</translation>
    </message>
    <message>
        <source>Give up a revision that waits longer than this for a lock (default 5).</source>
        <translation>Прервать ревизию, которая ждёт блокировку дольше этого (по умолчанию 5).</translation>
    </message>
    <message>
        <source>URI, SQLAlchemy URL or keyword string.</source>
        <translation>URI, URL SQLAlchemy или строка параметров.</translation>
    </message>
    <message>
        <source>--sql goes with upgrade, downgrade or stamp</source>
        <translation>--sql используется с upgrade, downgrade или stamp</translation>
    </message>
    <message>
        <source>--lock-timeout needs a number of seconds, not "%1"</source>
        <translation>--lock-timeout ожидает число секунд, а не "%1"</translation>
    </message>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>current</source>
        <translation>current</translation>
    </message>
    <message>
        <source>Alembic's %1 is at %2 (read only, never changed here).</source>
        <translation>Таблица Alembic %1 указывает на %2 (только чтение, здесь не изменяется).</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>base (no revision applied)</source>
        <translation>base (ни одна ревизия не применена)</translation>
    </message>
    <message>
        <source>%1 is %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>    applied %1 by %2 in %3 ms</source>
        <translation>    применена %1 пользователем %2 за %3 мс</translation>
    </message>
    <message>
        <source>    last attempt failed: %1</source>
        <translation>    последняя попытка не удалась: %1</translation>
    </message>
    <message>
        <source>apply, revert or inspect schema migrations</source>
        <translation>применить, откатить или показать миграции схемы</translation>
    </message>
    <message>
        <source>no revisions in %1</source>
        <translation>в %1 нет ревизий</translation>
    </message>
    <message>
        <source>usage: migrate revision -m MESSAGE [--migrations DIR]</source>
        <translation>использование: migrate revision -m СООБЩЕНИЕ [--migrations ПАПКА]</translation>
    </message>
    <message>
        <source>-m goes with revision only</source>
        <translation>-m используется только с revision</translation>
    </message>
    <message>
        <source>a new revision needs a message (-m MESSAGE)</source>
        <translation>новой ревизии нужно сообщение (-m СООБЩЕНИЕ)</translation>
    </message>
    <message>
        <source>The message of a new revision.</source>
        <translation>Сообщение новой ревизии.</translation>
    </message>
    <message>
        <source>current, history, heads, upgrade, downgrade, stamp or revision</source>
        <translation>current, history, heads, upgrade, downgrade, stamp или revision</translation>
    </message>
    <message>
        <source>merge revision %1 of %2</source>
        <translation>ревизия слияния %1 для %2</translation>
    </message>
    <message>
        <source>base revision %1</source>
        <translation>базовая ревизия %1</translation>
    </message>
    <message>
        <source>revision %1 on top of %2</source>
        <translation>ревизия %1 поверх %2</translation>
    </message>
    <message>
        <source>Applies, reverts and inspects schema migrations (revision files, see migrations/README.md).
  current            the revision(s) the database is at
  history            every revision with its state (applied, pending, failed, modified, unknown)
  heads              the newest revision(s) of the files; no connection needed
  upgrade TARGET     apply revisions up to TARGET
  downgrade TARGET   revert revisions down to TARGET
  stamp TARGET       record TARGET as applied without running any SQL
  revision -m MSG    write a new empty revision on top of the heads of --migrations
                     (default: the current folder); no connection needed
  revision -m MSG --autogenerate CONNECTION
                     write the revision that turns what the revisions produce into
                     the database's schema, verified in a shadow database, and stamp
                     the database at it (unless --no-stamp)
  check CONNECTION   compare the database with what its applied revisions produce
                     (exit 0 equal, 1 with the differences listed)
TARGET: head, heads, base, a revision id or unique prefix, +N or -N.
Without --migrations the built-in demo revisions are used.
migrate --alembic DIR COMMAND [TARGET] CONNECTION runs an Alembic project's command instead (see migrate --alembic DIR --help).
Exit status: 0 done, 1 failed, 2 usage or validation error.</source>
        <translation>Применяет, откатывает и показывает миграции схемы (файлы ревизий, см. migrations/README.md).
  current            ревизии, на которых находится база
  history            все ревизии с состоянием (applied, pending, failed, modified, unknown)
  heads              новейшие ревизии в файлах; подключение не нужно
  upgrade ЦЕЛЬ       применить ревизии до ЦЕЛИ
  downgrade ЦЕЛЬ     откатить ревизии до ЦЕЛИ
  stamp ЦЕЛЬ         отметить ЦЕЛЬ применённой, не выполняя SQL
  revision -m СООБЩ  записать новую пустую ревизию поверх голов --migrations
                     (по умолчанию — текущая папка); подключение не нужно
  revision -m СООБЩ --autogenerate ПОДКЛЮЧЕНИЕ
                     записать ревизию, которая превращает то, что дают ревизии,
                     в схему базы, проверить её в теневой базе и отметить
                     базу этой ревизией (если нет --no-stamp)
  check ПОДКЛЮЧЕНИЕ  сравнить базу с тем, что дают применённые к ней ревизии
                     (код 0 — совпадает, 1 — с перечнем различий)
ЦЕЛЬ: head, heads, base, идентификатор ревизии или его однозначное начало, +N или -N.
Без --migrations используются встроенные ревизии демо-базы.
migrate --alembic ПАПКА КОМАНДА [ЦЕЛЬ] ПОДКЛЮЧЕНИЕ выполняет вместо этого команду проекта Alembic (см. migrate --alembic ПАПКА --help).
Код выхода: 0 — готово, 1 — ошибка выполнения, 2 — ошибка в аргументах или файлах.</translation>
    </message>
    <message>
        <source>unknown migrate command "%1": use current, history, heads, upgrade, downgrade, stamp, revision or check</source>
        <translation>неизвестная команда migrate "%1": используйте current, history, heads, upgrade, downgrade, stamp, revision или check</translation>
    </message>
    <message>
        <source>usage: migrate revision -m MESSAGE --autogenerate [--migrations DIR] [--no-stamp] CONNECTION</source>
        <translation>использование: migrate revision -m СООБЩЕНИЕ --autogenerate [--migrations ПАПКА] [--no-stamp] ПОДКЛЮЧЕНИЕ</translation>
    </message>
    <message>
        <source>revision: write the changes made in the database (CONNECTION).</source>
        <translation>revision: записать изменения, сделанные в базе (ПОДКЛЮЧЕНИЕ).</translation>
    </message>
    <message>
        <source>revision --autogenerate: do not stamp the database.</source>
        <translation>revision --autogenerate: не отмечать базу ревизией.</translation>
    </message>
    <message>
        <source>Build the shadow database on the compared database's server (needs CREATEDB) instead of the built-in local server.</source>
        <translation>Создавать теневую базу на сервере сравниваемой базы (нужно право CREATEDB), а не на встроенном локальном сервере.</translation>
    </message>
    <message>
        <source>revision --autogenerate: a dropped and an added table or column of the same shape become a rename.</source>
        <translation>revision --autogenerate: удалённые и добавленные таблица или столбец одинакового вида становятся переименованием.</translation>
    </message>
    <message>
        <source>--autogenerate, --no-stamp and --renames go with revision --autogenerate only</source>
        <translation>--autogenerate, --no-stamp и --renames используются только с revision --autogenerate</translation>
    </message>
    <message>
        <source>--shadow-same-server goes with revision --autogenerate or check</source>
        <translation>--shadow-same-server используется с revision --autogenerate или check</translation>
    </message>
</context>
<context>
    <name>MigrationPlan</name>
    <message>
        <source>+%1 goes past the head: only %2 step(s) are possible</source>
        <translation>+%1 выходит за head: возможно шагов: %2</translation>
    </message>
    <message>
        <source>cannot step forward from %1: it branches to %2; name the revision instead</source>
        <translation>нельзя шагнуть вперёд от %1: ветвление на %2; укажите ревизию явно</translation>
    </message>
    <message>
        <source>-%1 goes past base: only %2 step(s) are possible</source>
        <translation>-%1 выходит за base: возможно шагов: %2</translation>
    </message>
    <message>
        <source>cannot step back past the merge of %1; name the revision instead</source>
        <translation>нельзя шагнуть назад через слияние %1; укажите ревизию явно</translation>
    </message>
    <message>
        <source>there are several heads (%1): name one, or use "heads"</source>
        <translation>несколько head (%1): укажите одну или используйте "heads"</translation>
    </message>
    <message>
        <source>a relative target needs one current revision, but the database is at %1</source>
        <translation>относительной цели нужна одна текущая ревизия, а база находится на %1</translation>
    </message>
    <message>
        <source>a relative target needs at least one step: +1 or -1</source>
        <translation>относительной цели нужен хотя бы один шаг: +1 или -1</translation>
    </message>
    <message>
        <source>unknown target "%1": use head, heads, base, a revision id or prefix, +N or -N</source>
        <translation>неизвестная цель "%1": используйте head, heads, base, идентификатор ревизии или его начало, +N или -N</translation>
    </message>
    <message>
        <source>upgrade goes forwards: use downgrade %1</source>
        <translation>upgrade идёт только вперёд: используйте downgrade %1</translation>
    </message>
    <message>
        <source>downgrade needs a revision, -N or base, not %1</source>
        <translation>downgrade ожидает ревизию, -N или base, а не %1</translation>
    </message>
    <message>
        <source>%1 is not applied, so the database cannot go down to it</source>
        <translation>%1 не применена, поэтому откатить базу до неё нельзя</translation>
    </message>
    <message>
        <source>cannot downgrade through %1 (%2): it is irreversible: %3</source>
        <translation>нельзя откатить через %1 (%2): ревизия необратима: %3</translation>
    </message>
</context>
<context>
    <name>MigrationRunner</name>
    <message>
        <source>upgrade to %1</source>
        <translation>обновление до %1</translation>
    </message>
    <message>
        <source>downgrade to %1</source>
        <translation>откат до %1</translation>
    </message>
    <message>
        <source>stamp %1</source>
        <translation>отметка %1</translation>
    </message>
    <message>
        <source>The connection is not open.</source>
        <translation>Соединение не открыто.</translation>
    </message>
    <message>
        <source>The connection has an open transaction; migrations run in their own transactions. Commit or roll back first.</source>
        <translation>В соединении открыта транзакция, а миграции выполняются в собственных транзакциях. Сначала зафиксируйте или откатите её.</translation>
    </message>
    <message>
        <source>Cannot create the bookkeeping tables in schema %1: %2</source>
        <translation>Не удаётся создать служебные таблицы в схеме %1: %2</translation>
    </message>
    <message>
        <source>This database also has Alembic's %1 (at %2); it is left untouched.</source>
        <translation>В этой базе есть и таблица Alembic %1 (на %2); она остаётся нетронутой.</translation>
    </message>
    <message>
        <source>Nothing to do for %1: the database is already there.</source>
        <translation>Для цели %1 делать нечего: база уже в этом состоянии.</translation>
    </message>
    <message>
        <source>Finished %1 in %2 ms.</source>
        <translation>%1 завершено за %2 мс.</translation>
    </message>
    <message>
        <source>-- DB Explorer migrations: %1</source>
        <translation>-- Миграции DB Explorer: %1</translation>
    </message>
    <message>
        <source>-- Nothing to do: the database is up to date.</source>
        <translation>-- Делать нечего: база в актуальном состоянии.</translation>
    </message>
    <message>
        <source>-- On a connection of its own, held until the run ends:</source>
        <translation>-- На отдельном соединении, удерживается до конца запуска:</translation>
    </message>
    <message>
        <source>--   (repeated until true; the state is then read again)</source>
        <translation>--   (повторяется, пока не вернёт true; затем состояние читается заново)</translation>
    </message>
    <message>
        <source>-- Then on the lock's connection, releasing it:</source>
        <translation>-- Затем на соединении блокировки, освобождая её:</translation>
    </message>
    <message>
        <source>%1 is a hot standby: migrations run on the primary.</source>
        <translation>%1 — горячий резерв (hot standby): миграции выполняются на основном сервере.</translation>
    </message>
    <message>
        <source>%1 is read-only (default_transaction_read_only = on): migrations need a database that accepts changes.</source>
        <translation>%1 только для чтения (default_transaction_read_only = on): миграциям нужна база данных, принимающая изменения.</translation>
    </message>
</context>
<context>
    <name>MigrationStatus</name>
    <message>
        <source>applied</source>
        <translation>применена</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>modified</source>
        <translation>изменена</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестна</translation>
    </message>
    <message>
        <source>revision %1 (%2) is modified: its upgrade changed after it was applied (recorded checksum %3, file now %4); restore the file, or stamp to accept the edit</source>
        <translation>ревизия %1 (%2) изменена: её upgrade поменялся после применения (записанная контрольная сумма %3, в файле сейчас %4); восстановите файл или выполните stamp, чтобы принять правку</translation>
    </message>
    <message>
        <source>the database is ahead: revision %1 ("%2") is applied but no revision file has it; use the migrations it came from</source>
        <translation>база впереди файлов: ревизия %1 ("%2") применена, но её нет ни в одном файле; используйте миграции, из которых она пришла</translation>
    </message>
</context>
<context>
    <name>NestedJson</name>
    <message>
        <source>Only rows of a table with a primary key can be exported with their related rows.</source>
        <translation>Вместе со связанными строками можно экспортировать только строки таблицы с первичным ключом.</translation>
    </message>
    <message>
        <source>The row no longer exists.</source>
        <translation>Этой строки больше нет.</translation>
    </message>
</context>
<context>
    <name>PlanMessages</name>
    <message>
        <source>This is not an EXPLAIN (FORMAT JSON) plan: %1</source>
        <translation>Это не план EXPLAIN (FORMAT JSON): %1</translation>
    </message>
    <message>
        <source>%1 at character %2</source>
        <translation>%1 в символе %2</translation>
    </message>
    <message>
        <source>no "Plan" object</source>
        <translation>нет объекта «Plan»</translation>
    </message>
</context>
<context>
    <name>QueryCommand</name>
    <message>
        <source>Runs a saved query (a JSON file, see docs/query-format.md) and prints its rows, or prints its SQL.
The query is first checked against the database's schema; every problem is printed on a line of its own.
With --sql or --literal the connection may be left out: the SQL is printed without checking or running anything.
Exit status: 0 done, 1 invalid query or server error, 2 usage error or unreadable file.</source>
        <translation>Выполняет сохранённый запрос (JSON-файл, см. docs/query-format.md) и выводит его строки или его SQL.
Сначала запрос проверяется по схеме базы данных; каждая проблема выводится отдельной строкой.
С --sql или --literal подключение можно не указывать: SQL выводится без проверки и без выполнения.
Код выхода: 0 — готово, 1 — некорректный запрос или ошибка сервера, 2 — ошибка в аргументах или файл не читается.</translation>
    </message>
    <message>
        <source>csv (the default), json or table.</source>
        <translation>csv (по умолчанию), json или table.</translation>
    </message>
    <message>
        <source>Print the SQL with $n placeholders and the bound values; run nothing.</source>
        <translation>Вывести SQL с параметрами $n и связанными значениями; ничего не выполнять.</translation>
    </message>
    <message>
        <source>Print the SQL with the values written in as literals, for reading; run nothing.</source>
        <translation>Вывести SQL со значениями, подставленными как литералы, для чтения; ничего не выполнять.</translation>
    </message>
    <message>
        <source>The saved query, a .json file.</source>
        <translation>Сохранённый запрос, файл .json.</translation>
    </message>
    <message>
        <source>URI, SQLAlchemy URL or keyword string.</source>
        <translation>URI, URL SQLAlchemy или строка параметров.</translation>
    </message>
    <message>
        <source>usage: query FILE.json CONNECTION [--format csv|json|table], or query FILE.json --sql</source>
        <translation>использование: query ФАЙЛ.json ПОДКЛЮЧЕНИЕ [--format csv|json|table] или query ФАЙЛ.json --sql</translation>
    </message>
    <message>
        <source>--format needs csv, json or table, not "%1"</source>
        <translation>--format ожидает csv, json или table, а не "%1"</translation>
    </message>
    <message>
        <source>run a saved query (JSON) and print CSV, JSON or a table, or its SQL</source>
        <translation>выполнить сохранённый запрос (JSON) и вывести CSV, JSON или таблицу либо его SQL</translation>
    </message>
    <message>
        <source>(1 row)</source>
        <translation>(1 строка)</translation>
    </message>
    <message numerus="yes">
        <source>(%n rows)</source>
        <translation>
            <numerusform>(%n строка)</numerusform>
            <numerusform>(%n строки)</numerusform>
            <numerusform>(%n строк)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelatedLoader</name>
    <message>
        <source>The relationship refers to a table that no longer exists.</source>
        <translation>Связь ссылается на таблицу, которой больше нет.</translation>
    </message>
    <message>
        <source>%1 has no column %2.</source>
        <translation>В таблице %1 нет столбца %2.</translation>
    </message>
    <message>
        <source>A parent key has %1 values; %2 expects %3.</source>
        <translation>В родительском ключе значений: %1, а связь %2 ожидает %3.</translation>
    </message>
    <message>
        <source>Related rows can be counted only for a row of a table with a primary key.</source>
        <translation>Связанные строки можно подсчитать только для строки таблицы с первичным ключом.</translation>
    </message>
    <message>
        <source>The row no longer exists.</source>
        <translation>Этой строки больше нет.</translation>
    </message>
    <message>
        <source>Related rows can be loaded only for rows of a table with a primary key.</source>
        <translation>Связанные строки можно загрузить только для строк таблицы с первичным ключом.</translation>
    </message>
</context>
<context>
    <name>RelatedRows</name>
    <message>
        <source>The row no longer exists.</source>
        <translation>Этой строки больше нет.</translation>
    </message>
    <message>
        <source>%1 via %2</source>
        <translation>%1 через %2</translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation>%1 по %2</translation>
    </message>
    <message>
        <source>%1 (none)</source>
        <translation>%1 (нет)</translation>
    </message>
    <message>
        <source>%1 (many-to-one)</source>
        <translation>%1 (многие-к-одному)</translation>
    </message>
    <message>
        <source>%1 (one-to-one)</source>
        <translation>%1 (один-к-одному)</translation>
    </message>
    <message>
        <source>Relationships can be followed only from rows of a table with a primary key; %1 has none or the key does not fit it.</source>
        <translation>Переходить по связям можно только от строк таблицы с первичным ключом; у таблицы %1 его нет или ключ ей не подходит.</translation>
    </message>
    <message>
        <source>The table %1 is not known.</source>
        <translation>Таблица %1 неизвестна.</translation>
    </message>
    <message>
        <source>The relationship's tables are not known.</source>
        <translation>Таблицы этой связи неизвестны.</translation>
    </message>
</context>
<context>
    <name>RelationInspector</name>
    <message>
        <source>Add link to %1</source>
        <translation>Добавить связь с %1</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>The link is added to the pending changes; nothing is written before Commit.</source>
        <translation>Связь добавлена в несохранённые изменения; до фиксации ничего не записывается.</translation>
    </message>
    <message>
        <source>Add link</source>
        <translation>Добавить связь</translation>
    </message>
</context>
<context>
    <name>ResultSetModel</name>
    <message>
        <source>loading…</source>
        <translation>загрузка…</translation>
    </message>
</context>
<context>
    <name>RevisionFile</name>
    <message>
        <source>second "-- %1" marker (the first is on line %2)</source>
        <translation>второй маркер "-- %1" (первый в строке %2)</translation>
    </message>
    <message>
        <source>the upgrade section must come before the downgrade</source>
        <translation>раздел upgrade должен идти перед downgrade</translation>
    </message>
    <message>
        <source>the "-- upgrade" marker takes no value</source>
        <translation>у маркера "-- upgrade" не бывает значения</translation>
    </message>
    <message>
        <source>SQL before the "-- upgrade" marker would never run</source>
        <translation>SQL перед маркером "-- upgrade" никогда не выполнится</translation>
    </message>
    <message>
        <source>unknown header key "%1" (known: %2)</source>
        <translation>неизвестный ключ заголовка "%1" (известные: %2)</translation>
    </message>
    <message>
        <source>header "%1" given twice (also on line %2)</source>
        <translation>заголовок "%1" указан дважды (ещё в строке %2)</translation>
    </message>
    <message>
        <source>no "-- revision: ID" header</source>
        <translation>нет заголовка "-- revision: ID"</translation>
    </message>
    <message>
        <source>malformed revision id "%1": expected 12 lowercase hex digits</source>
        <translation>неверный идентификатор ревизии "%1": ожидается 12 строчных шестнадцатеричных цифр</translation>
    </message>
    <message>
        <source>no "-- parents:" header (leave it empty for a base revision)</source>
        <translation>нет заголовка "-- parents:" (для базовой ревизии оставьте его пустым)</translation>
    </message>
    <message>
        <source>malformed parent id "%1": expected 12 lowercase hex digits</source>
        <translation>неверный идентификатор родителя "%1": ожидается 12 строчных шестнадцатеричных цифр</translation>
    </message>
    <message>
        <source>parent "%1" listed twice</source>
        <translation>родитель "%1" указан дважды</translation>
    </message>
    <message>
        <source>no "-- message:" header, or it is empty</source>
        <translation>нет заголовка "-- message:", или он пуст</translation>
    </message>
    <message>
        <source>"created" is not an ISO date such as 2024-01-31: "%1"</source>
        <translation>"created" — не дата ISO вида 2024-01-31: "%1"</translation>
    </message>
    <message>
        <source>"transaction" must be per-revision or none, not "%1"</source>
        <translation>"transaction" должно быть per-revision или none, а не "%1"</translation>
    </message>
    <message>
        <source>transaction control ("%1") is not allowed: the runner runs each revision in its own transaction</source>
        <translation>управление транзакциями ("%1") запрещено: каждая ревизия выполняется в собственной транзакции</translation>
    </message>
    <message>
        <source>%1 cannot run inside a transaction; put it in a revision with the header "-- transaction: none"</source>
        <translation>%1 нельзя выполнить внутри транзакции; вынесите это в ревизию с заголовком "-- transaction: none"</translation>
    </message>
    <message>
        <source>uses the enum value '%1' added on line %2 in the same transaction, which PostgreSQL refuses; use it in a later revision</source>
        <translation>использует значение перечисления '%1', добавленное в строке %2 в той же транзакции, чего PostgreSQL не допускает; используйте его в следующей ревизии</translation>
    </message>
    <message>
        <source>say why the revision is irreversible: "-- downgrade: irreversible REASON"</source>
        <translation>укажите, почему ревизия необратима: "-- downgrade: irreversible ПРИЧИНА"</translation>
    </message>
    <message>
        <source>unknown downgrade mode "%1": use "empty" or "irreversible REASON"</source>
        <translation>неизвестный режим downgrade "%1": используйте "empty" или "irreversible ПРИЧИНА"</translation>
    </message>
    <message>
        <source>a downgrade marked "%1" cannot hold statements</source>
        <translation>downgrade с отметкой "%1" не может содержать команд</translation>
    </message>
    <message>
        <source>the downgrade section is empty: write "-- downgrade: empty" if nothing needs undoing</source>
        <translation>раздел downgrade пуст: напишите "-- downgrade: empty", если откатывать нечего</translation>
    </message>
    <message>
        <source>no "-- upgrade" section marker</source>
        <translation>нет маркера раздела "-- upgrade"</translation>
    </message>
    <message>
        <source>no "-- downgrade" section: write the SQL that undoes the upgrade, "-- downgrade: empty" or "-- downgrade: irreversible REASON"</source>
        <translation>нет раздела "-- downgrade": напишите SQL, отменяющий upgrade, "-- downgrade: empty" или "-- downgrade: irreversible ПРИЧИНА"</translation>
    </message>
    <message>
        <source>the file contains a NUL byte, which SQL cannot hold; everything after it would be lost</source>
        <translation>в файле есть байт NUL, которого не может быть в SQL; всё после него было бы потеряно</translation>
    </message>
</context>
<context>
    <name>RevisionGraph</name>
    <message>
        <source>duplicate revision id %1 (also in %2)</source>
        <translation>повторяющийся идентификатор ревизии %1 (также в %2)</translation>
    </message>
    <message>
        <source>unknown parent revision %1</source>
        <translation>неизвестная родительская ревизия %1</translation>
    </message>
    <message>
        <source>revision cycle: %1</source>
        <translation>цикл ревизий: %1</translation>
    </message>
    <message>
        <source>no revision %1</source>
        <translation>нет ревизии %1</translation>
    </message>
    <message>
        <source>the prefix %1 is ambiguous: it matches %2</source>
        <translation>начало %1 неоднозначно: подходят %2</translation>
    </message>
</context>
<context>
    <name>RevisionSource</name>
    <message>
        <source>the migrations directory %1 does not exist</source>
        <translation>каталог миграций %1 не существует</translation>
    </message>
</context>
<context>
    <name>RevisionWriter</name>
    <message>
        <source>the migrations folder %1 does not exist</source>
        <translation>папка миграций %1 не существует</translation>
    </message>
    <message>
        <source>the migrations folder %1 is not writable</source>
        <translation>в папку миграций %1 нельзя записывать</translation>
    </message>
    <message>
        <source>%1 already exists; nothing was overwritten</source>
        <translation>%1 уже существует; ничего не перезаписано</translation>
    </message>
    <message>
        <source>cannot create %1: %2</source>
        <translation>не удалось создать %1: %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>a new revision needs a message</source>
        <translation>новой ревизии нужно сообщение</translation>
    </message>
    <message>
        <source>revision %1 exists already</source>
        <translation>ревизия %1 уже есть</translation>
    </message>
    <message>
        <source>the new revision %1 did not load back</source>
        <translation>новая ревизия %1 не прочиталась обратно</translation>
    </message>
</context>
<context>
    <name>SchemaDiff</name>
    <message>
        <source>%1 %2: in %3, not in %4</source>
        <translation>%1 %2: есть в %3, нет в %4</translation>
    </message>
    <message>
        <source>%1 %2: %3 in %4, %5 in %6</source>
        <translation>%1 %2: %3 в %4, %5 в %6</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>схема</translation>
    </message>
    <message>
        <source>enum</source>
        <translation>перечисление</translation>
    </message>
    <message>
        <source>sequence</source>
        <translation>последовательность</translation>
    </message>
    <message>
        <source>function</source>
        <translation>функция</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблица</translation>
    </message>
    <message>
        <source>column</source>
        <translation>столбец</translation>
    </message>
    <message>
        <source>constraint</source>
        <translation>ограничение</translation>
    </message>
    <message>
        <source>index</source>
        <translation>индекс</translation>
    </message>
    <message>
        <source>trigger</source>
        <translation>триггер</translation>
    </message>
    <message>
        <source>view</source>
        <translation>представление</translation>
    </message>
    <message>
        <source>materialized view</source>
        <translation>материализованное представление</translation>
    </message>
    <message>
        <source>extension</source>
        <translation>расширение</translation>
    </message>
    <message>
        <source>domain</source>
        <translation>домен</translation>
    </message>
    <message>
        <source>type</source>
        <translation>тип</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>комментарий</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>политика</translation>
    </message>
    <message>
        <source>foreign table</source>
        <translation>внешняя таблица</translation>
    </message>
    <message>
        <source>partitioning</source>
        <translation>секционирование</translation>
    </message>
</context>
<context>
    <name>SchemaSqlWriter</name>
    <message>
        <source>table %1 dropped and %2 added have the same columns</source>
        <translation>у удалённой таблицы %1 и добавленной %2 одинаковые столбцы</translation>
    </message>
    <message>
        <source>column %1 dropped and %2 added have the same type</source>
        <translation>удалённый столбец %1 и добавленный %2 одного типа</translation>
    </message>
    <message>
        <source>enum %1 loses %2: rows holding them make the change fail</source>
        <translation>из перечисления %1 убираются %2: строки с этими значениями прервут изменение</translation>
    </message>
    <message>
        <source>table %1 is dropped: its rows are lost</source>
        <translation>таблица %1 удаляется: её строки будут потеряны</translation>
    </message>
    <message>
        <source>column %1 is dropped: its values are lost</source>
        <translation>столбец %1 удаляется: его значения будут потеряны</translation>
    </message>
    <message>
        <source>column %1 is NOT NULL without a default: adding it fails on a table with rows</source>
        <translation>столбец %1 NOT NULL без значения по умолчанию: на таблице со строками добавление не пройдёт</translation>
    </message>
    <message>
        <source>column %1 changes from %2 to %3: values that do not fit fail the change or are cut</source>
        <translation>столбец %1 меняет тип с %2 на %3: значения, которые не помещаются, прервут изменение или будут обрезаны</translation>
    </message>
</context>
<context>
    <name>ScriptBuilder</name>
    <message>
        <source>Upgrade %1: %2 (%3)</source>
        <translation>Обновление %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Downgrade %1: %2 (%3)</source>
        <translation>Откат %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Stamp %1 without running any revision</source>
        <translation>Отметка %1 без выполнения ревизий</translation>
    </message>
</context>
<context>
    <name>ScriptExecutor</name>
    <message>
        <source>line %1: %2</source>
        <translation>строка %1: %2</translation>
    </message>
    <message>
        <source>Done in %1 ms.</source>
        <translation>Готово за %1 мс.</translation>
    </message>
    <message>
        <source>The stamp was cancelled.</source>
        <translation>Отметка отменена.</translation>
    </message>
    <message>
        <source>The stamp failed: %1</source>
        <translation>Отметка не удалась: %1</translation>
    </message>
    <message>
        <source>Revision %1 ("%2") was cancelled at statement %3 (%4, line %5).</source>
        <translation>Ревизия %1 ("%2") отменена на команде %3 (%4, строка %5).</translation>
    </message>
    <message>
        <source>Revision %1 ("%2") failed at statement %3 (%4, line %5): %6</source>
        <translation>Ревизия %1 ("%2") завершилась ошибкой на команде %3 (%4, строка %5): %6</translation>
    </message>
    <message>
        <source>Revision %1 ("%2") was cancelled.</source>
        <translation>Ревизия %1 ("%2") отменена.</translation>
    </message>
    <message>
        <source>Revision %1 ("%2") failed: %3</source>
        <translation>Ревизия %1 ("%2") завершилась ошибкой: %3</translation>
    </message>
    <message>
        <source>The server rolls back the open transaction; the failure could not be recorded.</source>
        <translation>Сервер откатывает открытую транзакцию; записать ошибку не удалось.</translation>
    </message>
    <message>
        <source>Rolled back: nothing of it remains.</source>
        <translation>Откачено: от ревизии ничего не осталось.</translation>
    </message>
    <message>
        <source>It runs without a transaction, so the statements before this one stay applied; finish or undo them by hand, then stamp.</source>
        <translation>Ревизия выполняется без транзакции, поэтому предыдущие команды остались применёнными; завершите или отмените их вручную, затем выполните stamp.</translation>
    </message>
    <message>
        <source>Gave up waiting for a lock. Sessions with open transactions:
%1</source>
        <translation>Ожидание блокировки прекращено. Сеансы с открытыми транзакциями:
%1</translation>
    </message>
    <message>
        <source>The failure could not be recorded: %1</source>
        <translation>Не удалось записать ошибку: %1</translation>
    </message>
    <message>
        <source>  pid %1, user %2, application "%3", %4 since %5: %6</source>
        <translation>  pid %1, пользователь %2, приложение "%3", %4 с %5: %6</translation>
    </message>
    <message>
        <source>  (none left)</source>
        <translation>  (не осталось)</translation>
    </message>
</context>
<context>
    <name>ScriptPrinter</name>
    <message>
        <source>line %1: ERROR:  %2</source>
        <translation>строка %1: ОШИБКА:  %2</translation>
    </message>
    <message>
        <source>line %1, column %2: </source>
        <translation>строка %1, столбец %2: </translation>
    </message>
</context>
<context>
    <name>ScriptRunner</name>
    <message>
        <source>no value for the parameter(s) %1</source>
        <translation>нет значения для параметров: %1</translation>
    </message>
    <message>
        <source>the transaction was rolled back instead of committed: the script left it aborted</source>
        <translation>транзакция откачена, а не зафиксирована: скрипт оставил её прерванной</translation>
    </message>
</context>
<context>
    <name>ServerInfo</name>
    <message>
        <source>hot standby, read-only</source>
        <translation>горячий резерв, только чтение</translation>
    </message>
    <message>
        <source>read-only (default_transaction_read_only = on)</source>
        <translation>только чтение (default_transaction_read_only = on)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>только чтение</translation>
    </message>
    <message>
        <source>%1 is a hot standby: it accepts no changes; make them on the primary.</source>
        <translation>%1 — горячий резерв (hot standby): изменения не принимаются; вносите их на основном сервере.</translation>
    </message>
    <message>
        <source>%1 is read-only (default_transaction_read_only = on): it accepts no changes.</source>
        <translation>%1 только для чтения (default_transaction_read_only = on): изменения не принимаются.</translation>
    </message>
    <message>
        <source>last transaction replayed %1 s ago</source>
        <translation>последняя транзакция воспроизведена %1 с назад</translation>
    </message>
    <message>
        <source>no transaction replayed yet</source>
        <translation>ни одной транзакции ещё не воспроизведено</translation>
    </message>
    <message>
        <source>%1 received and not yet replayed</source>
        <translation>%1 получено, но ещё не воспроизведено</translation>
    </message>
    <message>
        <source>not streaming from a primary</source>
        <translation>нет потоковой репликации с основного сервера</translation>
    </message>
    <message>
        <source>lag %1 s</source>
        <translation>отставание %1 с</translation>
    </message>
    <message>
        <source>%1 to replay</source>
        <translation>%1 к воспроизведению</translation>
    </message>
    <message>
        <source>not streaming</source>
        <translation>нет потока</translation>
    </message>
</context>
<context>
    <name>ShadowDatabase</name>
    <message>
        <source>Cannot create the shadow database %1: %2</source>
        <translation>Не удалось создать теневую базу %1: %2</translation>
    </message>
    <message>
        <source>%1 on the built-in local server (%2)</source>
        <translation>%1 на встроенном локальном сервере (%2)</translation>
    </message>
    <message>
        <source>%1 on the compared database's server</source>
        <translation>%1 на сервере сравниваемой базы</translation>
    </message>
</context>
<context>
    <name>SqlCommand</name>
    <message>
        <source>Run SQL given here instead of a file.</source>
        <translation>Выполнить SQL, заданный здесь, а не в файле.</translation>
    </message>
    <message>
        <source>A value for :NAME (or $N with NAME a number), bound on the server as text; repeatable.</source>
        <translation>Значение для :ИМЯ (или $N, если ИМЯ — число), привязывается на сервере как текст; можно повторять.</translation>
    </message>
    <message>
        <source>Bind NULL to :NAME; repeatable.</source>
        <translation>Привязать NULL к :ИМЯ; можно повторять.</translation>
    </message>
    <message>
        <source>table (the default), csv or json.</source>
        <translation>table (по умолчанию), csv или json.</translation>
    </message>
    <message>
        <source>Run the script in one transaction, rolled back if a statement fails.</source>
        <translation>Выполнить скрипт в одной транзакции, откатываемой при ошибке любой команды.</translation>
    </message>
    <message>
        <source>Run the statements after a failing one too (exit status 1 at the end).</source>
        <translation>Выполнять и команды после ошибочной (в конце код выхода 1).</translation>
    </message>
    <message>
        <source>Runs a SQL script (a file, - for standard input, or --command) statement by statement, split by PostgreSQL's own parser, and prints each result as a table, CSV or JSON.
:name and $1 in the SQL are parameters, bound on the server (never written into the SQL); give each a value with --param or --null-param.
Command tags (UPDATE 3) go to standard output with --format table, else to standard error; notices and errors always go to standard error, errors with their line and column.
Exit status: 0 done, 1 a statement failed (the first failure stops the script unless --continue-on-error), 2 usage error, unreadable file or missing parameter.</source>
        <translation>Выполняет SQL-скрипт (файл, - для стандартного ввода или --command) команда за командой, разделяя его собственным парсером PostgreSQL, и выводит каждый результат таблицей, CSV или JSON.
:name и $1 в SQL — параметры, привязываемые на сервере (никогда не вписываются в SQL); задайте каждому значение через --param или --null-param.
Теги команд (UPDATE 3) идут в стандартный вывод при --format table, иначе в стандартный поток ошибок; уведомления и ошибки всегда идут в стандартный поток ошибок, ошибки — со строкой и столбцом.
Код выхода: 0 готово, 1 команда завершилась ошибкой (первая ошибка останавливает скрипт, если не задан --continue-on-error), 2 ошибка использования, нечитаемый файл или параметр без значения.</translation>
    </message>
    <message>
        <source>--null-param needs a name</source>
        <translation>--null-param требует имя</translation>
    </message>
    <message>
        <source>--param needs NAME=VALUE, not "%1"</source>
        <translation>--param ожидает ИМЯ=ЗНАЧЕНИЕ, а не "%1"</translation>
    </message>
    <message>
        <source>cannot read standard input</source>
        <translation>не удаётся прочитать стандартный ввод</translation>
    </message>
    <message>
        <source>standard input holds more than 256 MB of SQL</source>
        <translation>в стандартном вводе больше 256 МБ SQL</translation>
    </message>
    <message>
        <source>%1:%2: a NUL byte cannot be sent to PostgreSQL</source>
        <translation>%1:%2: байт NUL нельзя передать PostgreSQL</translation>
    </message>
    <message>
        <source>standard input</source>
        <translation>стандартный ввод</translation>
    </message>
    <message>
        <source>--format needs table, csv or json, not "%1"</source>
        <translation>--format ожидает table, csv или json, а не "%1"</translation>
    </message>
    <message>
        <source>usage: sql FILE CONNECTION, sql - CONNECTION or sql --command SQL CONNECTION</source>
        <translation>использование: sql ФАЙЛ ПОДКЛЮЧЕНИЕ, sql - ПОДКЛЮЧЕНИЕ или sql --command SQL ПОДКЛЮЧЕНИЕ</translation>
    </message>
    <message>
        <source>--command: a NUL byte cannot be sent to PostgreSQL</source>
        <translation>--command: байт NUL нельзя передать PostgreSQL</translation>
    </message>
    <message>
        <source>The script, or - for standard input.</source>
        <translation>Скрипт или - для стандартного ввода.</translation>
    </message>
    <message>
        <source>URI, SQLAlchemy URL or keyword string.</source>
        <translation>URI, URL SQLAlchemy или строка параметров.</translation>
    </message>
    <message>
        <source>ROLLBACK: nothing the script did was kept</source>
        <translation>ROLLBACK: ничего из сделанного скриптом не сохранено</translation>
    </message>
    <message>
        <source>run a SQL script with bound :name parameters, print tables, CSV or JSON</source>
        <translation>выполнить SQL-скрипт с привязанными параметрами :name, вывести таблицы, CSV или JSON</translation>
    </message>
    <message>
        <source> (give --param NAME=VALUE or --null-param NAME)</source>
        <translation> (задайте --param ИМЯ=ЗНАЧЕНИЕ или --null-param ИМЯ)</translation>
    </message>
    <message>
        <source>Print each statement's plan (EXPLAIN) instead of running it: text with --format table, the server's JSON with --format json.</source>
        <translation>Показать план каждого запроса (EXPLAIN) вместо выполнения: текстом с --format table, JSON сервера с --format json.</translation>
    </message>
    <message>
        <source>With --explain: EXPLAIN ANALYZE, BUFFERS; each statement runs inside a transaction that is rolled back.</source>
        <translation>Вместе с --explain: EXPLAIN ANALYZE, BUFFERS; каждый запрос выполняется в транзакции, которая затем откатывается.</translation>
    </message>
    <message>
        <source>--analyze goes with --explain</source>
        <translation>--analyze указывается вместе с --explain</translation>
    </message>
    <message>
        <source>--explain prints --format table or json, and takes no --single-transaction</source>
        <translation>--explain выводит --format table или json и не сочетается с --single-transaction</translation>
    </message>
    <message>
        <source>line %1: %2 analyzed inside a transaction that was rolled back: nothing it changed was kept</source>
        <translation>строка %1: %2 проанализирован в транзакции, которая была откачена: ничего из его изменений не сохранено</translation>
    </message>
</context>
<context>
    <name>SqlScript</name>
    <message>
        <source> … (%1 more characters)</source>
        <translation> … (ещё %1 символов)</translation>
    </message>
</context>
<context>
    <name>StatementRisk</name>
    <message>
        <source>DELETE without WHERE removes every row of %1</source>
        <translation>DELETE без WHERE удаляет все строки %1</translation>
    </message>
    <message>
        <source>UPDATE without WHERE changes every row of %1</source>
        <translation>UPDATE без WHERE изменяет все строки %1</translation>
    </message>
    <message>
        <source>TRUNCATE removes every row of %1</source>
        <translation>TRUNCATE удаляет все строки %1</translation>
    </message>
    <message>
        <source>DROP %1 removes %2</source>
        <translation>DROP %1 удаляет %2</translation>
    </message>
    <message>
        <source>DROP COLUMN removes the column %1 and its data</source>
        <translation>DROP COLUMN удаляет столбец %1 и его данные</translation>
    </message>
</context>
<context>
    <name>StatementSplitter</name>
    <message>
        <source>the SQL does not parse: %1</source>
        <translation>SQL не разбирается: %1</translation>
    </message>
</context>
<context>
    <name>Subcommands</name>
    <message>
        <source>URI, SQLAlchemy URL or keyword string.</source>
        <translation>URI, URL SQLAlchemy или строка параметров.</translation>
    </message>
    <message>
        <source>ping needs exactly one connection argument</source>
        <translation>команде ping нужен ровно один аргумент подключения</translation>
    </message>
    <message>
        <source>PostgreSQL %1, database %2, user %3</source>
        <translation>PostgreSQL %1, база данных %2, пользователь %3</translation>
    </message>
    <message>
        <source>Manages the built-in PostgreSQL server that holds the demo database.
  start   create the cluster if needed, start it, create the demo database
  stop    stop the server
  status  exit 0 when running, 3 when stopped</source>
        <translation>Управляет встроенным сервером PostgreSQL с демо-базой.
  start   создать кластер при необходимости, запустить его, создать демо-базу
  stop    остановить сервер
  status  код 0, если сервер работает, 3 — если остановлен</translation>
    </message>
    <message>
        <source>start, stop or status</source>
        <translation>start, stop или status</translation>
    </message>
    <message>
        <source>Directory of the cluster (default: %1).</source>
        <translation>Каталог кластера (по умолчанию: %1).</translation>
    </message>
    <message>
        <source>Start the server without creating the demo database.</source>
        <translation>Запустить сервер, не создавая демо-базу.</translation>
    </message>
    <message>
        <source>server needs one action: start, stop or status</source>
        <translation>команде server нужно одно действие: start, stop или status</translation>
    </message>
    <message>
        <source>running, socket directory %1</source>
        <translation>работает, каталог сокета %1</translation>
    </message>
    <message>
        <source>not running (%1)</source>
        <translation>не запущен (%1)</translation>
    </message>
    <message>
        <source>check that a connection works</source>
        <translation>проверить, что подключение работает</translation>
    </message>
    <message>
        <source>start, stop or query the built-in demo server</source>
        <translation>запустить, остановить или проверить встроенный демо-сервер</translation>
    </message>
    <message>
        <source>Prints a database's tables, columns, keys and relationships (many-to-one, one-to-many, one-to-one, many-to-many through association tables) as JSON or Graphviz DOT.</source>
        <translation>Выводит таблицы, столбцы, ключи и связи базы данных (многие-к-одному, один-ко-многим, один-к-одному, многие-ко-многим через ассоциативные таблицы) в формате JSON или Graphviz DOT.</translation>
    </message>
    <message>
        <source>json (the default) or dot.</source>
        <translation>json (по умолчанию) или dot.</translation>
    </message>
    <message>
        <source>schema needs one connection argument and --format json or dot</source>
        <translation>команде schema нужен один аргумент подключения и --format json или dot</translation>
    </message>
    <message>
        <source>print tables, keys and relationships as JSON or DOT</source>
        <translation>вывести таблицы, ключи и связи в формате JSON или DOT</translation>
    </message>
    <message>
        <source>Connects to a database, prints the server version and disconnects. A hot standby or a read-only database says so, a standby with its replication lag.</source>
        <translation>Подключается к базе данных, выводит версию сервера и отключается. Для горячего резерва или базы только для чтения сообщает об этом, для резерва — и об отставании репликации.</translation>
    </message>
    <message>
        <source>replication: %1</source>
        <translation>репликация: %1</translation>
    </message>
    <message>
        <source>usage: schema --ddl [SCHEMA.]NAME CONNECTION</source>
        <translation>использование: schema --ddl [СХЕМА.]ИМЯ ПОДКЛЮЧЕНИЕ</translation>
    </message>
    <message>
        <source>Print the DDL of one table, view, materialized view, sequence, function or enum type ([schema.]name; public by default) as PostgreSQL writes it.</source>
        <translation>Напечатать DDL одной таблицы, представления, материализованного представления, последовательности, функции или перечисления ([схема.]имя; по умолчанию public) так, как его пишет PostgreSQL.</translation>
    </message>
</context>
<context>
    <name>TableExporter</name>
    <message>
        <source>Could not create the file %1.</source>
        <translation>Не удалось создать файл %1.</translation>
    </message>
    <message>
        <source>Could not write the file %1.</source>
        <translation>Не удалось записать файл %1.</translation>
    </message>
</context>
<context>
    <name>TableQuery</name>
    <message>
        <source>The table has no primary key, so its rows cannot be identified reliably for editing.</source>
        <translation>У таблицы нет первичного ключа, поэтому её строки нельзя надёжно опознать для редактирования.</translation>
    </message>
    <message>
        <source>This relation has no unique key: rows are paged by position and cannot be edited here.</source>
        <translation>У этого отношения нет уникального ключа: строки листаются по позиции и здесь не редактируются.</translation>
    </message>
    <message>
        <source>Views are shown read-only.</source>
        <translation>Представления показываются только для чтения.</translation>
    </message>
</context>
<context>
    <name>UserFile</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Не удаётся прочитать %1: %2</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>такого файла нет</translation>
    </message>
    <message>
        <source>not a regular file (a directory, a device or a pipe)</source>
        <translation>это не обычный файл (каталог, устройство или канал)</translation>
    </message>
    <message>
        <source>larger than the %1 MB such a file may hold</source>
        <translation>больше %1 МБ, допустимых для такого файла</translation>
    </message>
</context>
<context>
    <name>dbx::app::Launcher</name>
    <message>
        <source>cannot write the screenshot %1</source>
        <translation>не удаётся записать снимок экрана %1</translation>
    </message>
</context>
<context>
    <name>dbx::migrations::AlembicProcess</name>
    <message>
        <source>database %1 on %2 as %3</source>
        <translation>база %1 на %2, пользователь %3</translation>
    </message>
    <message>
        <source>The Alembic program %1 does not exist. Install Debian's alembic or choose another program in the Alembic settings.</source>
        <translation>Программы Alembic %1 нет. Установите alembic из Debian или выберите другую программу в настройках Alembic.</translation>
    </message>
    <message>
        <source>alembic %1 in %2</source>
        <translation>alembic %1 в %2</translation>
    </message>
    <message>
        <source>Stopping Alembic…</source>
        <translation>Остановка Alembic…</translation>
    </message>
    <message>
        <source>Alembic connected to %1.</source>
        <translation>Alembic подключился: %1.</translation>
    </message>
    <message>
        <source>Cannot start the Python interpreter %1: %2. Choose another one in the Alembic settings.</source>
        <translation>Не удаётся запустить интерпретатор Python %1: %2. Выберите другой в настройках Alembic.</translation>
    </message>
</context>
<context>
    <name>dbx::migrations::AlembicSession</name>
    <message>
        <source>base (no alembic_version table yet)</source>
        <translation>base (таблицы alembic_version ещё нет)</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>Alembic project %1.</source>
        <translation>Проект Alembic %1.</translation>
    </message>
    <message>
        <source>Alembic is still running; wait or cancel it.</source>
        <translation>Alembic ещё работает: дождитесь конца или отмените.</translation>
    </message>
    <message>
        <source>Alembic was stopped.</source>
        <translation>Alembic остановлен.</translation>
    </message>
    <message>
        <source>alembic %1 done.</source>
        <translation>alembic %1 выполнен.</translation>
    </message>
    <message numerus="yes">
        <source>%n revision(s) in the project.</source>
        <translation>
            <numerusform>В проекте %n ревизия.</numerusform>
            <numerusform>В проекте %n ревизии.</numerusform>
            <numerusform>В проекте %n ревизий.</numerusform>
        </translation>
    </message>
    <message>
        <source>This project's env.py chose its own database: Alembic ran against %1, not the open connection's database %2. The states shown are those of %2.</source>
        <translation>env.py этого проекта выбрал свою базу: Alembic работал с %1, а не с базой открытого подключения %2. Показаны состояния базы %2.</translation>
    </message>
    <message>
        <source>alembic_version names revisions this project does not have: %1</source>
        <translation>В alembic_version есть ревизии, которых нет в проекте: %1</translation>
    </message>
    <message>
        <source>The database is at %1.</source>
        <translation>База на ревизии %1.</translation>
    </message>
    <message>
        <source>Alembic left the database at %1: the revisions it had not committed were rolled back.</source>
        <translation>Alembic оставил базу на ревизии %1: незафиксированные ревизии откачены.</translation>
    </message>
</context>
<context>
    <name>dbx::migrations::MigrationService</name>
    <message>
        <source>Wait for the running migration to finish before switching revisions.</source>
        <translation>Дождитесь окончания текущей миграции, прежде чем переключать ревизии.</translation>
    </message>
    <message>
        <source>The migration state of the database is not known yet.</source>
        <translation>Состояние миграций базы данных ещё не известно.</translation>
    </message>
    <message>
        <source>Starting the upgrade of %1 to %2…</source>
        <translation>Запуск обновления %1 до %2…</translation>
    </message>
    <message>
        <source>Starting the downgrade of %1 to %2…</source>
        <translation>Запуск отката %1 до %2…</translation>
    </message>
    <message>
        <source>Stamping %1 as %2…</source>
        <translation>Отметка %1 как %2…</translation>
    </message>
</context>
<context>
    <name>dbx::migrations::SchemaEdit</name>
    <message>
        <source>%1: a name is needed</source>
        <translation>%1: нужно имя</translation>
    </message>
    <message>
        <source>%1: "%2" is longer than PostgreSQL's 63 bytes</source>
        <translation>%1: «%2» длиннее 63 байт, допустимых в PostgreSQL</translation>
    </message>
    <message>
        <source>column</source>
        <translation>столбец</translation>
    </message>
    <message>
        <source>column %1: a type is needed</source>
        <translation>столбец %1: нужен тип</translation>
    </message>
    <message>
        <source>a table needs at least one column</source>
        <translation>в таблице должен быть хотя бы один столбец</translation>
    </message>
    <message>
        <source>column %1 is listed twice</source>
        <translation>столбец %1 указан дважды</translation>
    </message>
    <message>
        <source>the primary key's column %1 is not in the table</source>
        <translation>столбца %1 первичного ключа нет в таблице</translation>
    </message>
    <message>
        <source>add one column at a time</source>
        <translation>добавляйте по одному столбцу</translation>
    </message>
    <message>
        <source>nothing is changed</source>
        <translation>ничего не изменено</translation>
    </message>
    <message>
        <source>choose at least one column</source>
        <translation>выберите хотя бы один столбец</translation>
    </message>
    <message>
        <source>referenced table</source>
        <translation>таблица, на которую ссылается ключ</translation>
    </message>
    <message>
        <source>a foreign key needs as many referenced columns as columns (%1)</source>
        <translation>во внешнем ключе столько же столбцов, на которые он ссылается, сколько своих (%1)</translation>
    </message>
    <message>
        <source>name</source>
        <translation>имя</translation>
    </message>
    <message>
        <source>a check needs a condition</source>
        <translation>для проверки нужно условие</translation>
    </message>
    <message>
        <source>choose the column to rename</source>
        <translation>выберите столбец для переименования</translation>
    </message>
    <message>
        <source>new name</source>
        <translation>новое имя</translation>
    </message>
    <message>
        <source>the new name is the old one</source>
        <translation>новое имя совпадает со старым</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблица</translation>
    </message>
    <message>
        <source>create table %1</source>
        <translation>создать таблицу %1</translation>
    </message>
    <message>
        <source>add column %1.%2</source>
        <translation>добавить столбец %1.%2</translation>
    </message>
    <message>
        <source>alter column %1.%2</source>
        <translation>изменить столбец %1.%2</translation>
    </message>
    <message>
        <source>drop column %1.%2</source>
        <translation>удалить столбец %1.%2</translation>
    </message>
    <message>
        <source>add index %1</source>
        <translation>добавить индекс %1</translation>
    </message>
    <message>
        <source>add foreign key %1</source>
        <translation>добавить внешний ключ %1</translation>
    </message>
    <message>
        <source>add check %1</source>
        <translation>добавить проверку %1</translation>
    </message>
    <message>
        <source>rename table %1 to %2</source>
        <translation>переименовать таблицу %1 в %2</translation>
    </message>
    <message>
        <source>rename column %1.%2 to %3</source>
        <translation>переименовать столбец %1.%2 в %3</translation>
    </message>
    <message>
        <source>a label is needed</source>
        <translation>нужна метка</translation>
    </message>
    <message>
        <source>label "%1" is longer than PostgreSQL's 63 bytes</source>
        <translation>метка «%1» длиннее 63 байт, допустимых в PostgreSQL</translation>
    </message>
    <message>
        <source>%1 already has the label %2</source>
        <translation>в %1 уже есть метка %2</translation>
    </message>
    <message>
        <source>%1 has no label %2</source>
        <translation>в %1 нет метки %2</translation>
    </message>
    <message>
        <source>add label %1 to %2</source>
        <translation>добавить метку %1 в %2</translation>
    </message>
</context>
<context>
    <name>dbx::model::ActivityReader</name>
    <message>
        <source>You may not cancel sessions of other roles; you need pg_signal_backend or superuser.</source>
        <translation>Вы не можете отменять запросы сеансов других ролей: нужна роль pg_signal_backend или права суперпользователя.</translation>
    </message>
    <message>
        <source>You may not terminate sessions of other roles; you need pg_signal_backend or superuser.</source>
        <translation>Вы не можете завершать сеансы других ролей: нужна роль pg_signal_backend или права суперпользователя.</translation>
    </message>
    <message>
        <source>Could not cancel the query of process %1: it is no longer a server process.</source>
        <translation>Не удалось отменить запрос процесса %1: это больше не серверный процесс.</translation>
    </message>
    <message>
        <source>Process %1 did not end: it is no longer a server process, or it did not stop in time.</source>
        <translation>Процесс %1 не завершился: это больше не серверный процесс, или он не остановился вовремя.</translation>
    </message>
</context>
<context>
    <name>dbx::model::CascadePreview</name>
    <message>
        <source>The open transaction has failed: roll it back before deleting anything.</source>
        <translation>Открытая транзакция завершилась ошибкой: откатите её, прежде чем что-либо удалять.</translation>
    </message>
    <message>
        <source>%1 has no primary key, so the rows to delete cannot be told apart.</source>
        <translation>У таблицы %1 нет первичного ключа, поэтому удаляемые строки нельзя отличить друг от друга.</translation>
    </message>
    <message>
        <source>A row key has %1 values where the primary key of %2 has %3 columns.</source>
        <translation>В ключе строки значений: %1, а в первичном ключе %2 столбцов: %3.</translation>
    </message>
    <message>
        <source>Too many rows at once to preview; select fewer rows.</source>
        <translation>Слишком много строк для предварительного просмотра; выделите меньше строк.</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 и %2</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1</source>
        <translation>
            <numerusform>%n строка таблицы %1</numerusform>
            <numerusform>%n строки таблицы %1</numerusform>
            <numerusform>%n строк таблицы %1</numerusform>
        </translation>
    </message>
    <message>
        <source>None of the selected rows of %1 exists any more: nothing would be deleted.</source>
        <translation>Ни одной из выбранных строк таблицы %1 больше нет: удалять нечего.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) of %1 still refer to them through %2 (%3)</source>
        <translation>
            <numerusform>на них всё ещё ссылается %n строка таблицы %1 через %2 (%3)</numerusform>
            <numerusform>на них всё ещё ссылаются %n строки таблицы %1 через %2 (%3)</numerusform>
            <numerusform>на них всё ещё ссылаются %n строк таблицы %1 через %2 (%3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server would refuse to delete %n row(s) of %1: %2.</source>
        <translation>
            <numerusform>Сервер не даст удалить %n строку таблицы %1: %2.</numerusform>
            <numerusform>Сервер не даст удалить %n строки таблицы %1: %2.</numerusform>
            <numerusform>Сервер не даст удалить %n строк таблицы %1: %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n row(s) of %1 deletes nothing else.</source>
        <translation>
            <numerusform>Удаление %n строки таблицы %1 больше ничего не удалит.</numerusform>
            <numerusform>Удаление %n строк таблицы %1 больше ничего не удалит.</numerusform>
            <numerusform>Удаление %n строк таблицы %1 больше ничего не удалит.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n row(s) of %1 also deletes %2.</source>
        <translation>
            <numerusform>Вместе с %n строкой таблицы %1 будут удалены: %2.</numerusform>
            <numerusform>Вместе с %n строками таблицы %1 будут удалены: %2.</numerusform>
            <numerusform>Вместе с %n строками таблицы %1 будут удалены: %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 stay, with the reference set to NULL.</source>
        <translation>Останутся, но со ссылкой NULL: %1.</translation>
    </message>
    <message>
        <source>%1 stay, with the reference reset to its default.</source>
        <translation>Останутся, но со ссылкой, сброшенной на значение по умолчанию: %1.</translation>
    </message>
    <message numerus="yes">
        <source>The cascade goes deeper than %n level(s); rows further down are not counted.</source>
        <translation>
            <numerusform>Каскад идёт глубже %n уровня; строки ниже не подсчитаны.</numerusform>
            <numerusform>Каскад идёт глубже %n уровней; строки ниже не подсчитаны.</numerusform>
            <numerusform>Каскад идёт глубже %n уровней; строки ниже не подсчитаны.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dbx::model::CatalogReader</name>
    <message>
        <source>Cannot read the schema: not connected to a database.</source>
        <translation>Не удаётся прочитать схему: нет подключения к базе данных.</translation>
    </message>
    <message>
        <source>The catalog query %1 is missing from the application.</source>
        <translation>В приложении нет запроса к каталогу %1.</translation>
    </message>
</context>
<context>
    <name>dbx::model::CompletionCatalog</name>
    <message>
        <source>The completion query %1 is missing from the application.</source>
        <translation>Запрос автодополнения %1 отсутствует в приложении.</translation>
    </message>
</context>
<context>
    <name>dbx::model::CompletionEngine</name>
    <message>
        <source>materialized view</source>
        <translation>материализованное представление</translation>
    </message>
    <message>
        <source>view</source>
        <translation>представление</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблица</translation>
    </message>
    <message>
        <source>schema</source>
        <translation>схема</translation>
    </message>
    <message>
        <source>join on a foreign key</source>
        <translation>соединение по внешнему ключу</translation>
    </message>
    <message>
        <source>join condition</source>
        <translation>условие соединения</translation>
    </message>
    <message numerus="yes">
        <source>(+%n more)</source>
        <translation>
            <numerusform>(ещё %n)</numerusform>
            <numerusform>(ещё %n)</numerusform>
            <numerusform>(ещё %n)</numerusform>
        </translation>
    </message>
    <message>
        <source>enum</source>
        <translation>перечисление</translation>
    </message>
    <message>
        <source>domain</source>
        <translation>домен</translation>
    </message>
    <message>
        <source>range</source>
        <translation>диапазон</translation>
    </message>
    <message>
        <source>type</source>
        <translation>тип</translation>
    </message>
    <message>
        <source>keyword</source>
        <translation>ключевое слово</translation>
    </message>
</context>
<context>
    <name>dbx::model::DemoServer</name>
    <message>
        <source>Demo database</source>
        <translation>Демо-база</translation>
    </message>
</context>
<context>
    <name>dbx::model::EditableTableModel</name>
    <message>
        <source>Materialized views are computed by the server and cannot be edited.</source>
        <translation>Материализованные представления вычисляются сервером и не редактируются.</translation>
    </message>
    <message>
        <source>Foreign tables are shown read-only.</source>
        <translation>Внешние таблицы показываются только для чтения.</translation>
    </message>
    <message>
        <source>Changed; was: %1</source>
        <translation>Изменено; было: %1</translation>
    </message>
    <message>
        <source>New row, not committed yet</source>
        <translation>Новая строка, ещё не зафиксирована</translation>
    </message>
    <message>
        <source>Changed, not committed yet</source>
        <translation>Изменена, ещё не зафиксирована</translation>
    </message>
    <message>
        <source>Deleted, not committed yet</source>
        <translation>Удалена, удаление ещё не зафиксировано</translation>
    </message>
</context>
<context>
    <name>dbx::model::QueryHistory</name>
    <message>
        <source>The history cannot be written to %1: %2</source>
        <translation>Историю не удаётся записать в %1: %2</translation>
    </message>
</context>
<context>
    <name>dbx::model::SchemaTreeModel</name>
    <message numerus="yes">
        <source>Tables (%n)</source>
        <translation>
            <numerusform>Таблицы (%n)</numerusform>
            <numerusform>Таблицы (%n)</numerusform>
            <numerusform>Таблицы (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Views (%n)</source>
        <translation>
            <numerusform>Представления (%n)</numerusform>
            <numerusform>Представления (%n)</numerusform>
            <numerusform>Представления (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Enum types (%n)</source>
        <translation>
            <numerusform>Перечисления (%n)</numerusform>
            <numerusform>Перечисления (%n)</numerusform>
            <numerusform>Перечисления (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Columns (%n)</source>
        <translation>
            <numerusform>Столбцы (%n)</numerusform>
            <numerusform>Столбцы (%n)</numerusform>
            <numerusform>Столбцы (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Keys (%n)</source>
        <translation>
            <numerusform>Ключи (%n)</numerusform>
            <numerusform>Ключи (%n)</numerusform>
            <numerusform>Ключи (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Indexes (%n)</source>
        <translation>
            <numerusform>Индексы (%n)</numerusform>
            <numerusform>Индексы (%n)</numerusform>
            <numerusform>Индексы (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checks (%n)</source>
        <translation>
            <numerusform>Проверки (%n)</numerusform>
            <numerusform>Проверки (%n)</numerusform>
            <numerusform>Проверки (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Представление</translation>
    </message>
    <message>
        <source>Materialized view</source>
        <translation>Материализованное представление</translation>
    </message>
    <message>
        <source>Foreign table</source>
        <translation>Внешняя таблица</translation>
    </message>
    <message>
        <source>Partitioned table</source>
        <translation>Секционированная таблица</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>About %1 rows (planner estimate)</source>
        <translation>Около %1 строк (оценка планировщика)</translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source> NOT NULL</source>
        <translation> NOT NULL</translation>
    </message>
    <message>
        <source> GENERATED AS IDENTITY</source>
        <translation> GENERATED AS IDENTITY</translation>
    </message>
    <message>
        <source> GENERATED ALWAYS AS (%1) STORED</source>
        <translation> GENERATED ALWAYS AS (%1) STORED</translation>
    </message>
    <message>
        <source> DEFAULT %1</source>
        <translation> DEFAULT %1</translation>
    </message>
    <message>
        <source>References %1(%2)</source>
        <translation>Ссылается на %1(%2)</translation>
    </message>
    <message>
        <source>%1: (%2) -&gt; %3(%4)</source>
        <translation>%1: (%2) -&gt; %3(%4)</translation>
    </message>
    <message>
        <source> ON DELETE %1</source>
        <translation> ON DELETE %1</translation>
    </message>
    <message>
        <source> ON UPDATE %1</source>
        <translation> ON UPDATE %1</translation>
    </message>
    <message>
        <source>PRIMARY KEY (%1)</source>
        <translation>PRIMARY KEY (%1)</translation>
    </message>
    <message>
        <source>%1: UNIQUE (%2)</source>
        <translation>%1: UNIQUE (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source> PRIMARY</source>
        <translation> PRIMARY</translation>
    </message>
    <message>
        <source> UNIQUE</source>
        <translation> UNIQUE</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message numerus="yes">
        <source>Functions (%n)</source>
        <translation>
            <numerusform>Функции (%n)</numerusform>
            <numerusform>Функции (%n)</numerusform>
            <numerusform>Функции (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sequences (%n)</source>
        <translation>
            <numerusform>Последовательности (%n)</numerusform>
            <numerusform>Последовательности (%n)</numerusform>
            <numerusform>Последовательности (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dbx::model::ScriptJournal</name>
    <message>
        <source>The folder %1 cannot be created.</source>
        <translation>Не удаётся создать папку %1.</translation>
    </message>
    <message>
        <source>The script could not be saved to %1: %2</source>
        <translation>Не удалось сохранить скрипт в %1: %2</translation>
    </message>
</context>
<context>
    <name>dbx::model::TableDataModel</name>
    <message numerus="yes">
        <source>… (%n byte(s))</source>
        <translation>
            <numerusform>… (%n байт)</numerusform>
            <numerusform>… (%n байта)</numerusform>
            <numerusform>… (%n байт)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dbx::model::TableExporter</name>
    <message>
        <source>The rows of %1 have no key, so a selection of them cannot be exported. Export all rows matching a filter instead.</source>
        <translation>У строк %1 нет ключа, поэтому выделенные строки экспортировать нельзя. Вместо этого экспортируйте все строки, подходящие под фильтр.</translation>
    </message>
    <message>
        <source>Too many rows are selected to export them as a selection. Export all rows matching a filter instead.</source>
        <translation>Выделено слишком много строк, чтобы экспортировать их как выделение. Вместо этого экспортируйте все строки, подходящие под фильтр.</translation>
    </message>
    <message>
        <source>A selected row does not match the table's key.</source>
        <translation>Выделенная строка не соответствует ключу таблицы.</translation>
    </message>
</context>
<context>
    <name>dbx::model::query::JoinSuggestion</name>
    <message>
        <source>%1 ↔ %2 through %3</source>
        <translation>%1 ↔ %2 через %3</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 ← %2</source>
        <translation>%1 ← %2</translation>
    </message>
</context>
<context>
    <name>dbx::model::query::QueryJson</name>
    <message>
        <source>%1:%2: not valid JSON: %3</source>
        <translation>%1:%2: некорректный JSON: %3</translation>
    </message>
    <message>
        <source>%1: expected a JSON object with "format" and "query"</source>
        <translation>%1: ожидается JSON-объект с "format" и "query"</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>expected a column ("column" or "source.column"), not "%1"</source>
        <translation>ожидается столбец ("column" или "source.column"), а не "%1"</translation>
    </message>
    <message>
        <source>an expression (a "source.column" string or an object)</source>
        <translation>выражение (строка "source.column" или объект)</translation>
    </message>
    <message>
        <source>expected an expression: an object with one of %1</source>
        <translation>ожидается выражение: объект с одним из ключей %1</translation>
    </message>
    <message>
        <source>true</source>
        <translation>true</translation>
    </message>
    <message>
        <source>unknown value type "%1" (expected one of date, time, timestamp)</source>
        <translation>неизвестный тип значения "%1" (ожидается один из: date, time, timestamp)</translation>
    </message>
    <message>
        <source>unknown arithmetic operator "%1" (expected one of +, -, *, /)</source>
        <translation>неизвестный арифметический оператор "%1" (ожидается один из: +, -, *, /)</translation>
    </message>
    <message>
        <source>"args" and "left"/"right" cannot be used together</source>
        <translation>"args" и "left"/"right" нельзя использовать вместе</translation>
    </message>
    <message>
        <source>unknown function "%1" (expected one of %2)</source>
        <translation>неизвестная функция "%1" (ожидается одна из: %2)</translation>
    </message>
    <message>
        <source>%1 is a window function and needs "over"</source>
        <translation>%1 — оконная функция, ей нужен "over"</translation>
    </message>
    <message>
        <source>"%1" and "%2" cannot be used together</source>
        <translation>"%1" и "%2" нельзя использовать вместе</translation>
    </message>
    <message>
        <source>a string, number, true/false or null</source>
        <translation>строка, число, true/false или null</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>строка</translation>
    </message>
    <message>
        <source>"%1" is not a valid %2 (expected ISO 8601, like %3)</source>
        <translation>"%1" — некорректное значение %2 (ожидается ISO 8601, например %3)</translation>
    </message>
    <message>
        <source>expected "asc" or "desc", not "%1"</source>
        <translation>ожидается "asc" или "desc", а не "%1"</translation>
    </message>
    <message>
        <source>expected "first" or "last", not "%1"</source>
        <translation>ожидается "first" или "last", а не "%1"</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>true/false</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>число</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>список</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>объект</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>ничего</translation>
    </message>
    <message>
        <source>unknown field (expected one of %1)</source>
        <translation>неизвестное поле (ожидается одно из: %1)</translation>
    </message>
    <message>
        <source>expected a whole number, 0 or more, not %1</source>
        <translation>ожидается целое число не меньше 0, а не %1</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true или false</translation>
    </message>
    <message>
        <source>expected a table name ("table" or "schema.table"), not "%1"</source>
        <translation>ожидается имя таблицы ("table" или "schema.table"), а не "%1"</translation>
    </message>
    <message>
        <source>expected "table", "cte" or "subquery"</source>
        <translation>ожидается "table", "cte" или "subquery"</translation>
    </message>
    <message>
        <source>only a table has a schema</source>
        <translation>схема бывает только у таблицы</translation>
    </message>
    <message>
        <source>unknown join type "%1" (expected one of %2)</source>
        <translation>неизвестный тип соединения "%1" (ожидается один из: %2)</translation>
    </message>
    <message>
        <source>expected a group ("and" or "or" with a list) or a condition ("left", "op" and its values)</source>
        <translation>ожидается группа ("and" или "or" со списком) или условие ("left", "op" и его значения)</translation>
    </message>
    <message>
        <source>unknown operator "%1" (expected one of %2)</source>
        <translation>неизвестный оператор "%1" (ожидается один из: %2)</translation>
    </message>
    <message>
        <source>format: required field is missing (this version writes %1)</source>
        <translation>format: обязательное поле отсутствует (эта версия записывает %1)</translation>
    </message>
    <message>
        <source>format: expected %1, not %2</source>
        <translation>format: ожидается %1, а не %2</translation>
    </message>
    <message>
        <source>format %1 is newer than this version of DB Explorer understands (%2)</source>
        <translation>формат %1 новее, чем понимает эта версия DB Explorer (%2)</translation>
    </message>
    <message>
        <source>%1: unknown field (expected one of %2)</source>
        <translation>%1: неизвестное поле (ожидается одно из: %2)</translation>
    </message>
    <message>
        <source>query: required field is missing</source>
        <translation>query: обязательное поле отсутствует</translation>
    </message>
    <message>
        <source>expected %1, not %2</source>
        <translation>ожидается %1, а не %2</translation>
    </message>
    <message>
        <source>required field is missing</source>
        <translation>обязательное поле отсутствует</translation>
    </message>
    <message>
        <source>%1:%2: a NUL character, which no value sent to PostgreSQL can hold; everything after it would be lost</source>
        <translation>%1:%2: символ NUL, которого не может быть ни в одном значении для PostgreSQL; всё после него было бы потеряно</translation>
    </message>
</context>
<context>
    <name>dbx::model::query::SqlImport</name>
    <message>
        <source>The builder cannot show %1.</source>
        <translation>Конструктор запросов не поддерживает: %1.</translation>
    </message>
    <message>
        <source>The builder cannot show %1 (at character %2).</source>
        <translation>Конструктор запросов не поддерживает: %1 (позиция %2).</translation>
    </message>
    <message>
        <source>a LATERAL subquery</source>
        <translation>подзапрос LATERAL</translation>
    </message>
    <message>
        <source>a subquery without a name</source>
        <translation>подзапрос без имени</translation>
    </message>
    <message>
        <source>this kind of subquery</source>
        <translation>такой вид подзапроса</translation>
    </message>
    <message>
        <source>a function in FROM</source>
        <translation>функция в FROM</translation>
    </message>
    <message>
        <source>this FROM item</source>
        <translation>такой элемент FROM</translation>
    </message>
    <message>
        <source>a NATURAL or USING join (write ON with the columns)</source>
        <translation>соединение NATURAL или USING (напишите ON со столбцами)</translation>
    </message>
    <message>
        <source>a join nested in parentheses on the right side</source>
        <translation>соединение в скобках справа</translation>
    </message>
    <message>
        <source>this kind of join</source>
        <translation>такой вид соединения</translation>
    </message>
    <message>
        <source>UNION, INTERSECT or EXCEPT</source>
        <translation>UNION, INTERSECT или EXCEPT</translation>
    </message>
    <message>
        <source>a VALUES list</source>
        <translation>список VALUES</translation>
    </message>
    <message>
        <source>SELECT INTO or FOR UPDATE</source>
        <translation>SELECT INTO или FOR UPDATE</translation>
    </message>
    <message>
        <source>WITH RECURSIVE</source>
        <translation>WITH RECURSIVE</translation>
    </message>
    <message>
        <source>a WITH query that is not a SELECT</source>
        <translation>WITH-запрос, который не является SELECT</translation>
    </message>
    <message>
        <source>DISTINCT ON</source>
        <translation>DISTINCT ON</translation>
    </message>
    <message>
        <source>a SELECT without FROM</source>
        <translation>SELECT без FROM</translation>
    </message>
    <message>
        <source>several tables separated by commas (use JOIN ... ON)</source>
        <translation>несколько таблиц через запятую (используйте JOIN ... ON)</translation>
    </message>
    <message>
        <source>GROUP BY %1: there is no output column %1</source>
        <translation>GROUP BY %1: выходного столбца %1 нет</translation>
    </message>
    <message>
        <source>ORDER BY ... USING</source>
        <translation>ORDER BY ... USING</translation>
    </message>
    <message>
        <source>LIMIT or OFFSET other than a number</source>
        <translation>LIMIT или OFFSET не в виде числа</translation>
    </message>
    <message>
        <source>FETCH ... WITH TIES</source>
        <translation>FETCH ... WITH TIES</translation>
    </message>
    <message>
        <source>Syntax error: %1 (at character %2).</source>
        <translation>Синтаксическая ошибка: %1 (позиция %2).</translation>
    </message>
    <message numerus="yes">
        <source>The builder shows one SELECT statement; this text has %n statement(s).</source>
        <translation>
            <numerusform>Конструктор показывает один оператор SELECT; в этом тексте %n оператор.</numerusform>
            <numerusform>Конструктор показывает один оператор SELECT; в этом тексте %n оператора.</numerusform>
            <numerusform>Конструктор показывает один оператор SELECT; в этом тексте %n операторов.</numerusform>
        </translation>
    </message>
    <message>
        <source>The builder shows SELECT statements only.</source>
        <translation>Конструктор показывает только операторы SELECT.</translation>
    </message>
    <message>
        <source>the column %1, which %2 all have (name its table)</source>
        <translation>столбец %1, который есть во всех этих источниках: %2 (укажите его таблицу)</translation>
    </message>
    <message>
        <source>the function %1()</source>
        <translation>функция %1()</translation>
    </message>
    <message>
        <source>FILTER, ORDER BY or WITHIN GROUP inside %1()</source>
        <translation>FILTER, ORDER BY или WITHIN GROUP внутри %1()</translation>
    </message>
    <message>
        <source>DISTINCT inside %1()</source>
        <translation>DISTINCT внутри %1()</translation>
    </message>
    <message>
        <source>%1() with these arguments</source>
        <translation>%1() с такими аргументами</translation>
    </message>
    <message>
        <source>%1() without OVER</source>
        <translation>%1() без OVER</translation>
    </message>
    <message>
        <source>a named window</source>
        <translation>именованное окно</translation>
    </message>
    <message>
        <source>a window frame clause</source>
        <translation>задание рамки окна</translation>
    </message>
    <message>
        <source>the operator %1 in an expression</source>
        <translation>оператор %1 в выражении</translation>
    </message>
    <message>
        <source>CASE</source>
        <translation>CASE</translation>
    </message>
    <message>
        <source>a subquery inside an expression</source>
        <translation>подзапрос внутри выражения</translation>
    </message>
    <message>
        <source>COALESCE</source>
        <translation>COALESCE</translation>
    </message>
    <message>
        <source>AND/OR/NOT inside an output column</source>
        <translation>AND/OR/NOT внутри выходного столбца</translation>
    </message>
    <message>
        <source>IS NULL inside an output column</source>
        <translation>IS NULL внутри выходного столбца</translation>
    </message>
    <message>
        <source>a $n parameter (write the value)</source>
        <translation>параметр $n (впишите значение)</translation>
    </message>
    <message>
        <source>the expression %1</source>
        <translation>выражение %1</translation>
    </message>
    <message>
        <source>NOT</source>
        <translation>NOT</translation>
    </message>
    <message>
        <source>a subquery in a condition</source>
        <translation>подзапрос в условии</translation>
    </message>
    <message>
        <source>this condition (%1)</source>
        <translation>это условие (%1)</translation>
    </message>
    <message>
        <source>the operator %1 in a condition</source>
        <translation>оператор %1 в условии</translation>
    </message>
    <message>
        <source>NOT IN</source>
        <translation>NOT IN</translation>
    </message>
    <message>
        <source>NOT BETWEEN</source>
        <translation>NOT BETWEEN</translation>
    </message>
    <message>
        <source>NOT LIKE</source>
        <translation>NOT LIKE</translation>
    </message>
    <message>
        <source>NOT ILIKE</source>
        <translation>NOT ILIKE</translation>
    </message>
    <message>
        <source>ANY (...)</source>
        <translation>ANY (...)</translation>
    </message>
    <message>
        <source>ALL (...)</source>
        <translation>ALL (...)</translation>
    </message>
    <message>
        <source>IS DISTINCT FROM</source>
        <translation>IS DISTINCT FROM</translation>
    </message>
    <message>
        <source>SIMILAR TO</source>
        <translation>SIMILAR TO</translation>
    </message>
    <message>
        <source>the condition %1</source>
        <translation>условие %1</translation>
    </message>
</context>
<context>
    <name>dbx::model::query::Validator</name>
    <message>
        <source>LIMIT cannot be negative (%1).</source>
        <translation>LIMIT не может быть отрицательным (%1).</translation>
    </message>
    <message>
        <source>OFFSET cannot be negative (%1).</source>
        <translation>OFFSET не может быть отрицательным (%1).</translation>
    </message>
    <message>
        <source>A CTE needs a name.</source>
        <translation>У CTE должно быть имя.</translation>
    </message>
    <message>
        <source>Two CTEs are named "%1"; rename one of them.</source>
        <translation>Два CTE называются "%1"; переименуйте один из них.</translation>
    </message>
    <message>
        <source>The name "%1" is used by two sources; give one of them another alias.</source>
        <translation>Имя "%1" используют два источника; дайте одному из них другой псевдоним.</translation>
    </message>
    <message>
        <source>Table %1.%2 does not exist (the schema may have changed).</source>
        <translation>Таблицы %1.%2 не существует (возможно, схема изменилась).</translation>
    </message>
    <message>
        <source>There is no CTE named "%1".</source>
        <translation>CTE с именем "%1" нет.</translation>
    </message>
    <message>
        <source>A subquery needs a name (alias).</source>
        <translation>У подзапроса должно быть имя (псевдоним).</translation>
    </message>
    <message>
        <source>The subquery is missing.</source>
        <translation>Подзапрос отсутствует.</translation>
    </message>
    <message>
        <source>HAVING needs GROUP BY or an aggregate; use WHERE to filter rows.</source>
        <translation>HAVING требует GROUP BY или агрегата; чтобы отфильтровать строки, используйте WHERE.</translation>
    </message>
    <message>
        <source>Unknown source "%1" in %1.%2; it is not in FROM or a JOIN.</source>
        <translation>Неизвестный источник "%1" в %1.%2; его нет ни в FROM, ни в JOIN.</translation>
    </message>
    <message>
        <source>Column %1.%2 does not exist (the schema may have changed).</source>
        <translation>Столбца %1.%2 не существует (возможно, схема изменилась).</translation>
    </message>
    <message>
        <source>Column "%1" is ambiguous: it exists in %2; name its source.</source>
        <translation>Столбец "%1" неоднозначен: он есть в %2; укажите его источник.</translation>
    </message>
    <message>
        <source>Column "%1" does not exist (the schema may have changed).</source>
        <translation>Столбца "%1" не существует (возможно, схема изменилась).</translation>
    </message>
    <message>
        <source>%1 must be in GROUP BY or inside an aggregate</source>
        <translation>%1 нужно добавить в GROUP BY или поместить внутрь агрегата</translation>
    </message>
    <message>
        <source>%1.* includes columns that are neither in GROUP BY nor aggregated; choose the columns.</source>
        <translation>%1.* включает столбцы, которых нет в GROUP BY и которые не агрегированы; выберите столбцы.</translation>
    </message>
    <message>
        <source>With DISTINCT, ORDER BY can only use selected columns; add %1 to the select list.</source>
        <translation>С DISTINCT в ORDER BY можно использовать только выбранные столбцы; добавьте %1 в список выборки.</translation>
    </message>
    <message>
        <source>"%1" is not a valid type name (use a name like integer, numeric(10,2), text or date).</source>
        <translation>"%1" — некорректное имя типа (используйте имя вроде integer, numeric(10,2), text или date).</translation>
    </message>
    <message>
        <source>Unknown source "%1" in %1.*; it is not in FROM or a JOIN.</source>
        <translation>Неизвестный источник "%1" в %1.*; его нет ни в FROM, ни в JOIN.</translation>
    </message>
    <message>
        <source>"%1" is not an arithmetic operator; use +, -, * or /.</source>
        <translation>"%1" — не арифметический оператор; используйте +, -, * или /.</translation>
    </message>
    <message>
        <source>Arithmetic needs two operands.</source>
        <translation>Для арифметики нужны два операнда.</translation>
    </message>
    <message>
        <source>Arithmetic works on numbers only; %1 is %2.</source>
        <translation>Арифметика работает только с числами; %1 имеет тип %2.</translation>
    </message>
    <message>
        <source>%1 takes no arguments.</source>
        <translation>%1 не принимает аргументов.</translation>
    </message>
    <message>
        <source>%1 needs exactly one argument.</source>
        <translation>%1 принимает ровно один аргумент.</translation>
    </message>
    <message>
        <source>%1 cannot take *; use count(*) or name a column.</source>
        <translation>%1 не принимает *; используйте count(*) или укажите столбец.</translation>
    </message>
    <message>
        <source>%1 needs a numeric column; %2 is %3</source>
        <translation>%1 требует числовой столбец; %2 имеет тип %3</translation>
    </message>
    <message>
        <source>The aggregate has no function.</source>
        <translation>У агрегата не задана функция.</translation>
    </message>
    <message>
        <source>%1 can only be used as a window function (with OVER).</source>
        <translation>%1 можно использовать только как оконную функцию (с OVER).</translation>
    </message>
    <message>
        <source>Aggregates cannot be nested (%1 inside another aggregate).</source>
        <translation>Агрегаты нельзя вкладывать друг в друга (%1 внутри другого агрегата).</translation>
    </message>
    <message>
        <source>Aggregates like %1 are not allowed here; filter on them in HAVING.</source>
        <translation>Агрегаты вроде %1 здесь не допускаются; фильтруйте по ним в HAVING.</translation>
    </message>
    <message>
        <source>The window function has no function.</source>
        <translation>У оконной функции не задана функция.</translation>
    </message>
    <message>
        <source>count(DISTINCT) cannot be used as a window function.</source>
        <translation>count(DISTINCT) нельзя использовать как оконную функцию.</translation>
    </message>
    <message>
        <source>Window functions like %1 are only allowed in the select list and ORDER BY.</source>
        <translation>Оконные функции вроде %1 допускаются только в списке выборки и в ORDER BY.</translation>
    </message>
    <message>
        <source>BETWEEN needs exactly two values, got %1.</source>
        <translation>BETWEEN требует ровно два значения, получено: %1.</translation>
    </message>
    <message>
        <source>IN needs at least one value.</source>
        <translation>IN требует хотя бы одно значение.</translation>
    </message>
    <message>
        <source>IS NULL and IS NOT NULL take no value.</source>
        <translation>IS NULL и IS NOT NULL не принимают значения.</translation>
    </message>
    <message>
        <source>The comparison needs exactly one value, got %1.</source>
        <translation>Сравнению нужно ровно одно значение, получено: %1.</translation>
    </message>
    <message>
        <source>A comparison with NULL never matches; use IS NULL or IS NOT NULL.</source>
        <translation>Сравнение с NULL никогда не выполняется; используйте IS NULL или IS NOT NULL.</translation>
    </message>
    <message>
        <source>%1 needs a text column; %2 is %3 (cast it to text).</source>
        <translation>%1 требует текстовый столбец; %2 имеет тип %3 (приведите его к text).</translation>
    </message>
    <message>
        <source>%1 expects a whole number, got %2</source>
        <translation>%1 ожидает целое число, получено %2</translation>
    </message>
    <message>
        <source>%1 expects a whole number, got "%2"</source>
        <translation>%1 ожидает целое число, получено "%2"</translation>
    </message>
    <message>
        <source>%1 expects a number, got "%2"</source>
        <translation>%1 ожидает число, получено "%2"</translation>
    </message>
    <message>
        <source>%1 expects a date or time like 2024-01-31 or 2024-01-31 14:30, got "%2"</source>
        <translation>%1 ожидает дату или время вроде 2024-01-31 или 2024-01-31 14:30, получено "%2"</translation>
    </message>
    <message>
        <source>%1 expects true or false, got "%2"</source>
        <translation>%1 ожидает true или false, получено "%2"</translation>
    </message>
    <message>
        <source>%1 has no value "%2"; it can be %3</source>
        <translation>%1: нет значения "%2"; допустимо: %3</translation>
    </message>
    <message>
        <source>from</source>
        <comment>part of a query</comment>
        <translation>FROM</translation>
    </message>
    <message>
        <source>join %1</source>
        <comment>part of a query</comment>
        <translation>JOIN %1</translation>
    </message>
    <message>
        <source>select %1</source>
        <comment>part of a query: the n-th output</comment>
        <translation>столбец вывода %1</translation>
    </message>
    <message>
        <source>where</source>
        <comment>part of a query</comment>
        <translation>WHERE</translation>
    </message>
    <message>
        <source>group by %1</source>
        <comment>part of a query</comment>
        <translation>GROUP BY, %1</translation>
    </message>
    <message>
        <source>order by %1</source>
        <comment>part of a query</comment>
        <translation>ORDER BY, %1</translation>
    </message>
    <message>
        <source>limit</source>
        <comment>part of a query</comment>
        <translation>LIMIT</translation>
    </message>
    <message>
        <source>offset</source>
        <comment>part of a query</comment>
        <translation>OFFSET</translation>
    </message>
    <message>
        <source>cte %1</source>
        <comment>part of a query</comment>
        <translation>CTE %1</translation>
    </message>
    <message>
        <source>subquery %1</source>
        <comment>part of a query</comment>
        <translation>подзапрос %1</translation>
    </message>
    <message>
        <source>having</source>
        <comment>part of a query</comment>
        <translation>HAVING</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ActivityIndicator</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Working… %1 s</source>
        <translation>Выполняется… %1 с</translation>
    </message>
    <message>
        <source>Cancel the running statements (Ctrl+.)</source>
        <translation>Отменить выполняющиеся запросы (Ctrl+.)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ActivityMenu</name>
    <message>
        <source>&amp;Activity</source>
        <translation>&amp;Активность</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Активность</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ActivityModel</name>
    <message>
        <source>local</source>
        <translation>локально</translation>
    </message>
    <message>
        <source>Waits for process %1</source>
        <translation>Ждёт процесс %1</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Приложение</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Клиент</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Запрос</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ActivityPanel</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <source>&amp;Cancel Query</source>
        <translation>&amp;Отменить запрос</translation>
    </message>
    <message>
        <source>&amp;Terminate Session</source>
        <translation>&amp;Завершить сеанс</translation>
    </message>
    <message>
        <source>Lock type</source>
        <translation>Тип блокировки</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Отношение</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Режим</translation>
    </message>
    <message>
        <source>Granted</source>
        <translation>Получена</translation>
    </message>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n сеанс</numerusform>
            <numerusform>%n сеанса</numerusform>
            <numerusform>%n сеансов</numerusform>
        </translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>ожидает</translation>
    </message>
    <message>
        <source>Terminate session %1? Its open transaction is rolled back.</source>
        <translation>Завершить сеанс %1? Его открытая транзакция будет откачена.</translation>
    </message>
    <message>
        <source>Cancel the query that session %1 is running?</source>
        <translation>Отменить запрос, который выполняет сеанс %1?</translation>
    </message>
    <message>
        <source>Terminate Session</source>
        <translation>Завершить сеанс</translation>
    </message>
    <message>
        <source>Cancel Query</source>
        <translation>Отменить запрос</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Активность</translation>
    </message>
    <message>
        <source>Not connected to a database.</source>
        <translation>Нет подключения к базе данных.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::AlembicRevisionModel</name>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>current</source>
        <translation>текущая</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>слияние</translation>
    </message>
    <message>
        <source>branch point</source>
        <translation>ветвление</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Ревизия</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Parents</source>
        <translation>Родители</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
</context>
<context>
    <name>dbx::ui::AlembicSettingsDialog</name>
    <message>
        <source>Alembic Settings</source>
        <translation>Настройки Alembic</translation>
    </message>
    <message>
        <source>alembic program:</source>
        <translation>Программа alembic:</translation>
    </message>
    <message>
        <source>Python interpreter:</source>
        <translation>Интерпретатор Python:</translation>
    </message>
    <message>
        <source>Debian's alembic runs under /usr/bin/python3, which has python3-sqlalchemy and python3-psycopg2. Another interpreter needs alembic, SQLAlchemy and psycopg2 installed for it.</source>
        <translation>alembic из Debian работает под /usr/bin/python3, где есть python3-sqlalchemy и python3-psycopg2. Для другого интерпретатора в нём должны быть установлены alembic, SQLAlchemy и psycopg2.</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 не существует.</translation>
    </message>
    <message>
        <source>%1 is not executable.</source>
        <translation>%1 не исполняемый файл.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::AlembicView</name>
    <message>
        <source>Alembic's output appears here as it runs.</source>
        <translation>Здесь по ходу работы появляется вывод Alembic.</translation>
    </message>
    <message>
        <source>Open Project…</source>
        <translation>Открыть проект…</translation>
    </message>
    <message>
        <source>Open a folder with an alembic.ini</source>
        <translation>Открыть папку с alembic.ini</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Перечитать</translation>
    </message>
    <message>
        <source>Read the history and alembic_version again</source>
        <translation>Заново прочитать историю и alembic_version</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Настройки…</translation>
    </message>
    <message>
        <source>Which alembic program and Python interpreter run</source>
        <translation>Какие программа alembic и интерпретатор Python запускаются</translation>
    </message>
    <message>
        <source>Back to Revisions</source>
        <translation>К своим ревизиям</translation>
    </message>
    <message>
        <source>Show the database's own revisions again</source>
        <translation>Снова показать собственные ревизии базы</translation>
    </message>
    <message>
        <source>Upgrade to Head</source>
        <translation>Обновить до последней</translation>
    </message>
    <message>
        <source>alembic upgrade head</source>
        <translation>alembic upgrade head</translation>
    </message>
    <message>
        <source>Upgrade to Here</source>
        <translation>Обновить до этой</translation>
    </message>
    <message>
        <source>alembic upgrade to the selected revision</source>
        <translation>alembic upgrade до выбранной ревизии</translation>
    </message>
    <message>
        <source>Downgrade to Here</source>
        <translation>Откатить до этой</translation>
    </message>
    <message>
        <source>Revert what builds on the selected revision; it stays applied</source>
        <translation>Откатить то, что построено на выбранной ревизии; сама она остаётся применённой</translation>
    </message>
    <message>
        <source>Step −1</source>
        <translation>Шаг −1</translation>
    </message>
    <message>
        <source>alembic downgrade -1</source>
        <translation>alembic downgrade -1</translation>
    </message>
    <message>
        <source>Downgrade to Base</source>
        <translation>Откатить до начала</translation>
    </message>
    <message>
        <source>alembic downgrade base</source>
        <translation>alembic downgrade base</translation>
    </message>
    <message>
        <source>Stamp Here</source>
        <translation>Отметить эту</translation>
    </message>
    <message>
        <source>Set alembic_version to the selected revision without running migrations</source>
        <translation>Записать выбранную ревизию в alembic_version, не выполняя миграций</translation>
    </message>
    <message>
        <source>Offline SQL</source>
        <translation>Офлайн-SQL</translation>
    </message>
    <message>
        <source>Show the SQL of an upgrade to the selected revision (or head) in the log; nothing runs</source>
        <translation>Показать в журнале SQL обновления до выбранной ревизии (или до последней); ничего не выполняется</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Stop Alembic; then the database's state is read back</source>
        <translation>Остановить Alembic и затем перечитать состояние базы</translation>
    </message>
    <message>
        <source>Open Alembic Project</source>
        <translation>Открыть проект Alembic</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Недавних проектов нет</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>Откат</translation>
    </message>
    <message>
        <source>Run alembic downgrade %1 on %2? What the reverted revisions created is dropped, with its rows.</source>
        <translation>Выполнить alembic downgrade %1 на %2? Всё, что создали откатываемые ревизии, будет удалено вместе со строками.</translation>
    </message>
    <message>
        <source>Alembic project: %1</source>
        <translation>Проект Alembic: %1</translation>
    </message>
    <message>
        <source>No Alembic project open: choose a folder with an alembic.ini.</source>
        <translation>Проект Alembic не открыт: выберите папку с alembic.ini.</translation>
    </message>
    <message>
        <source>no alembic_version table</source>
        <translation>нет таблицы alembic_version</translation>
    </message>
    <message>
        <source>base</source>
        <translation>base</translation>
    </message>
    <message>
        <source>Database %1: alembic_version at %2.</source>
        <translation>База %1: alembic_version на %2.</translation>
    </message>
    <message>
        <source>Not connected: connect to run the project.</source>
        <translation>Нет подключения: подключитесь, чтобы выполнять проект.</translation>
    </message>
    <message>
        <source>Runs %1 with %2.</source>
        <translation>Запуск: %1 через %2.</translation>
    </message>
    <message>
        <source>Statement: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <source>This project's env.py chooses its own database: Alembic ran against %1, not the open connection's database %2.</source>
        <translation>env.py этого проекта выбирает свою базу: Alembic работал с %1, а не с базой открытого подключения %2.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::AutogenerateActions</name>
    <message>
        <source>Generate Revision</source>
        <translation>Сгенерировать ревизию</translation>
    </message>
    <message>
        <source>The built-in demo revisions are not files, so a new revision cannot be added to them. Copy them into a folder of yours, which then holds the new revision?</source>
        <translation>Встроенные ревизии демо-базы — не файлы, к ним нельзя добавить новую ревизию. Скопировать их в вашу папку, где будет и новая ревизия?</translation>
    </message>
    <message>
        <source>Folder for the Revisions</source>
        <translation>Папка для ревизий</translation>
    </message>
    <message>
        <source>Cannot copy %1 into %2.</source>
        <translation>Не удалось скопировать %1 в %2.</translation>
    </message>
    <message>
        <source>The revisions in %1 do not load.</source>
        <translation>Ревизии в %1 не загружаются.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::BrowserTabs</name>
    <message>
        <source>%1 where %2 = %3</source>
        <translation>%1, где %2 = %3</translation>
    </message>
</context>
<context>
    <name>dbx::ui::CascadePreviewDialog</name>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Delete Rows of %1</source>
        <translation>Удаление строк таблицы %1</translation>
    </message>
    <message>
        <source>Counting related rows…</source>
        <translation>Подсчёт связанных строк…</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Что произойдёт</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <source>Foreign key</source>
        <translation>Внешний ключ</translation>
    </message>
    <message>
        <source>Not connected to a database.</source>
        <translation>Нет подключения к базе данных.</translation>
    </message>
    <message>
        <source>deleted as asked</source>
        <translation>удаляются по запросу</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>удаляются</translation>
    </message>
    <message>
        <source>reference set to NULL</source>
        <translation>ссылка станет NULL</translation>
    </message>
    <message>
        <source>reference set to its default</source>
        <translation>ссылка получит значение по умолчанию</translation>
    </message>
    <message>
        <source>blocks the delete</source>
        <translation>блокирует удаление</translation>
    </message>
    <message>
        <source>%1 (and more further down, not counted)</source>
        <translation>%1 (и ещё глубже, без подсчёта)</translation>
    </message>
    <message>
        <source>%1 (ON DELETE %2)</source>
        <translation>%1 (ON DELETE %2)</translation>
    </message>
    <message>
        <source>Delete is off because the server would refuse it: other rows still refer to these. Delete or change those rows first.</source>
        <translation>Удаление недоступно, потому что сервер его не выполнит: на эти строки всё ещё ссылаются другие. Сначала удалите или измените те строки.</translation>
    </message>
    <message>
        <source>Delete is off because there is nothing left to delete.</source>
        <translation>Удаление недоступно: удалять больше нечего.</translation>
    </message>
    <message>
        <source>Could not count the related rows: %1</source>
        <translation>Не удалось подсчитать связанные строки: %1</translation>
    </message>
    <message>
        <source>Delete is off because what it would take with it is unknown.</source>
        <translation>Удаление недоступно: неизвестно, что будет удалено вместе с этими строками.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::CheckForm</name>
    <message>
        <source>generated from the table</source>
        <translation>по имени таблицы</translation>
    </message>
    <message>
        <source>for example: price &gt; 0</source>
        <translation>например: price &gt; 0</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Таблица:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>&amp;Condition:</source>
        <translation>&amp;Условие:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ColumnForm</name>
    <message>
        <source>&amp;Not null</source>
        <translation>&amp;Не NULL</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Таблица:</translation>
    </message>
    <message>
        <source>&amp;Column:</source>
        <translation>&amp;Столбец:</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>&amp;Тип:</translation>
    </message>
    <message>
        <source>&amp;Default:</source>
        <translation>&amp;По умолчанию:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConflictDialog</name>
    <message>
        <source>Someone else changed this row</source>
        <translation>Эту строку изменил кто-то другой</translation>
    </message>
    <message>
        <source>%1 row %2</source>
        <translation>%2 в таблице %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 was deleted by someone else&lt;/b&gt; after you read it. Keep mine inserts it again with your values; Take theirs drops your change.</source>
        <translation>&lt;b&gt;Строку %1 удалил кто-то другой&lt;/b&gt; после того, как вы её прочитали. «Оставить моё» снова вставит её с вашими значениями; «Взять их версию» отбросит ваше изменение.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 was changed by someone else&lt;/b&gt; after you read it. Keep mine deletes it anyway; Take theirs keeps their row.</source>
        <translation>&lt;b&gt;Строку %1 изменил кто-то другой&lt;/b&gt; после того, как вы её прочитали. «Оставить моё» всё равно удалит её; «Взять их версию» сохранит их строку.</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 was changed by someone else&lt;/b&gt; after you read it. Highlighted fields differ. Keep mine writes your values over theirs; Take theirs drops your change.</source>
        <translation>&lt;b&gt;Строку %1 изменил кто-то другой&lt;/b&gt; после того, как вы её прочитали. Выделенные поля различаются. «Оставить моё» запишет ваши значения поверх их значений; «Взять их версию» отбросит ваше изменение.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>When you read it</source>
        <translation>На момент чтения</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ваше</translation>
    </message>
    <message>
        <source>Theirs (now)</source>
        <translation>Их (сейчас)</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(удалена)</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Оставить моё</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Взять их версию</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Решить позже</translation>
    </message>
    <message>
        <source>Someone else deleted this row</source>
        <translation>Кто-то другой удалил эту строку</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionController</name>
    <message>
        <source>Connecting to %1…</source>
        <translation>Подключение к %1…</translation>
    </message>
    <message>
        <source>Starting the local demo server…</source>
        <translation>Запуск локального демо-сервера…</translation>
    </message>
    <message>
        <source>Demo Database</source>
        <translation>Демо-база данных</translation>
    </message>
    <message>
        <source>The demo's tables are empty: its migrations were run down and up again, which creates the tables but not the demo rows. Load the demo rows again?</source>
        <translation>Таблицы демо-базы пусты: её миграции были откачены и применены заново, а это создаёт таблицы, но не демо-строки. Загрузить демо-строки снова?</translation>
    </message>
    <message>
        <source>Load Demo Rows</source>
        <translation>Загрузить демо-строки</translation>
    </message>
    <message>
        <source>Keep Them Empty</source>
        <translation>Оставить пустыми</translation>
    </message>
    <message>
        <source>No keychain answered (%1): the password was not saved.</source>
        <translation>Связка ключей не ответила (%1): пароль не сохранён.</translation>
    </message>
    <message>
        <source>Password Not Saved</source>
        <translation>Пароль не сохранён</translation>
    </message>
    <message>
        <source>The password saved in the keychain was refused. Type the current one; with “Save password in the keychain” checked it replaces the saved one.</source>
        <translation>Сервер отверг пароль, сохранённый в связке ключей. Введите действующий пароль: с флажком «Сохранить пароль в связке ключей» он заменит сохранённый.</translation>
    </message>
    <message>
        <source>Reading the password of %1 from the keychain…</source>
        <translation>Чтение пароля подключения %1 из связки ключей…</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionDialog</name>
    <message>
        <source>Never use SSL.</source>
        <translation>Никогда не использовать SSL.</translation>
    </message>
    <message>
        <source>Try without SSL first; use SSL if the server insists.</source>
        <translation>Сначала без SSL; SSL — если сервер требует.</translation>
    </message>
    <message>
        <source>Try SSL first; fall back to an unencrypted connection.</source>
        <translation>Сначала SSL; при неудаче — незашифрованное соединение.</translation>
    </message>
    <message>
        <source>Only SSL. The certificate is not verified unless a root certificate file is present.</source>
        <translation>Только SSL. Сертификат не проверяется, если нет файла корневого сертификата.</translation>
    </message>
    <message>
        <source>Only SSL, with a certificate signed by a trusted CA.</source>
        <translation>Только SSL с сертификатом, подписанным доверенным центром сертификации.</translation>
    </message>
    <message>
        <source>Like verify-ca, and the host name must match the certificate.</source>
        <translation>Как verify-ca, и имя хоста должно совпадать с сертификатом.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Save the form under its name (without the password)</source>
        <translation>Сохранить форму под её именем (без пароля)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>&amp;Удалить</translation>
    </message>
    <message>
        <source>Remove the selected connection from the list</source>
        <translation>Удалить выбранное подключение из списка</translation>
    </message>
    <message>
        <source>Sa&amp;ved connections:</source>
        <translation>Со&amp;хранённые подключения:</translation>
    </message>
    <message>
        <source>postgresql://user@host:5432/db or host=… dbname=…</source>
        <translation>postgresql://user@host:5432/db или host=… dbname=…</translation>
    </message>
    <message>
        <source>A libpq URI (postgresql://user@host:5432/db), a SQLAlchemy URL (postgresql+asyncpg://…, postgresql+psycopg2://…) or a keyword string (host=… dbname=…). Return or Apply fills the form.</source>
        <translation>URI libpq (postgresql://user@host:5432/db), URL SQLAlchemy (postgresql+asyncpg://…, postgresql+psycopg2://…) или строка параметров (host=… dbname=…). Enter или «Применить» заполняет форму.</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>При&amp;менить</translation>
    </message>
    <message>
        <source>Fill the form from the pasted URL</source>
        <translation>Заполнить форму по вставленному URL</translation>
    </message>
    <message>
        <source>&amp;Paste a connection URL (libpq or SQLAlchemy):</source>
        <translation>&amp;Вставьте URL подключения (libpq или SQLAlchemy):</translation>
    </message>
    <message>
        <source>how it appears in the saved list</source>
        <translation>как подключение будет названо в списке</translation>
    </message>
    <message>
        <source>local socket or PGHOST</source>
        <translation>локальный сокет или PGHOST</translation>
    </message>
    <message>
        <source>A host name, an address, a socket directory (starting with /) or several hosts separated by commas</source>
        <translation>Имя хоста, адрес, каталог сокета (начинается с /) или несколько хостов через запятую</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>Leave at "default" to use PGPORT or 5432</source>
        <translation>Оставьте «по умолчанию», чтобы использовать PGPORT или 5432</translation>
    </message>
    <message>
        <source>same as the user, or PGDATABASE</source>
        <translation>как имя пользователя или PGDATABASE</translation>
    </message>
    <message>
        <source>your login name, or PGUSER</source>
        <translation>ваше имя входа или PGUSER</translation>
    </message>
    <message>
        <source>libpq default</source>
        <translation>по умолчанию libpq</translation>
    </message>
    <message>
        <source>Use PGSSLMODE, or libpq's default (prefer).</source>
        <translation>Использовать PGSSLMODE или значение libpq по умолчанию (prefer).</translation>
    </message>
    <message>
        <source>Further libpq settings from the pasted URL or the saved connection; they are used when connecting and saving.</source>
        <translation>Прочие параметры libpq из вставленного URL или сохранённого подключения; они используются при подключении и сохранении.</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Хост:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>П&amp;орт:</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;База данных:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Пользователь:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Паро&amp;ль:</translation>
    </message>
    <message>
        <source>SSL &amp;mode:</source>
        <translation>&amp;Режим SSL:</translation>
    </message>
    <message>
        <source>Other options:</source>
        <translation>Другие параметры:</translation>
    </message>
    <message>
        <source>Use D&amp;emo Server</source>
        <translation>&amp;Демо-сервер</translation>
    </message>
    <message>
        <source>Connect to the built-in demo database instead</source>
        <translation>Подключиться вместо этого к встроенной демо-базе</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Подкл&amp;ючиться</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to %1, or "default".</source>
        <translation>Порт должен быть числом от 1 до %1 или «по умолчанию».</translation>
    </message>
    <message>
        <source>The host name "%1" contains spaces. Separate several hosts with commas.</source>
        <translation>Имя хоста "%1" содержит пробелы. Разделяйте несколько хостов запятыми.</translation>
    </message>
    <message>
        <source>Connect to PostgreSQL</source>
        <translation>Подключение к PostgreSQL</translation>
    </message>
    <message>
        <source>Save password in the &amp;keychain</source>
        <translation>Сохранить пароль в свя&amp;зке ключей</translation>
    </message>
    <message>
        <source>After a successful connect, keep the password in the system keychain under the connection's name (the connection is saved too). Unchecked, a saved password is forgotten.</source>
        <translation>После успешного подключения сохранить пароль в системной связке ключей под именем подключения (подключение тоже сохраняется). Если флажок снят, сохранённый пароль удаляется.</translation>
    </message>
    <message>
        <source>Without a saved password you are asked each time, or libpq reads ~/.pgpass.</source>
        <translation>Без сохранённого пароля он запрашивается каждый раз, или libpq читает ~/.pgpass.</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>&amp;Группа:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionLookFields</name>
    <message>
        <source>Connection: %1 — PRODUCTION database</source>
        <translation>Подключение: %1 — РАБОЧАЯ (production) база</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Подключение: %1</translation>
    </message>
    <message>
        <source>P&amp;roduction database</source>
        <translation>&amp;Рабочая база (production)</translation>
    </message>
    <message>
        <source>The group the connection is listed under in the Connections dock</source>
        <translation>Группа, в которой подключение показано на панели «Подключения»</translation>
    </message>
    <message>
        <source>The colour that marks this connection's tabs</source>
        <translation>Цвет, которым помечены вкладки этого подключения</translation>
    </message>
    <message>
        <source>No Colour</source>
        <translation>Без цвета</translation>
    </message>
    <message>
        <source>Other…</source>
        <translation>Другой…</translation>
    </message>
    <message>
        <source>Marks every tab of this connection with a red badge and the word “production”</source>
        <translation>Помечает каждую вкладку этого подключения красным значком и словом «production»</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Цвет</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionRegistry</name>
    <message>
        <source>demo</source>
        <translation>демо</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionStatus</name>
    <message>
        <source>%1 as %2</source>
        <translation>%1, пользователь %2</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Подключение к %1…</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>Ошибка подключения: %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Нет подключения</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Отключено: %1</translation>
    </message>
    <message>
        <source>PostgreSQL %1</source>
        <translation>PostgreSQL %1</translation>
    </message>
    <message>
        <source>In transaction</source>
        <translation>В транзакции</translation>
    </message>
    <message>
        <source>Transaction failed: roll back</source>
        <translation>Транзакция прервана: нужен откат</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Auto-commit</source>
        <translation>Автофиксация</translation>
    </message>
    <message>
        <source>Replication lag unknown</source>
        <translation>Отставание репликации неизвестно</translation>
    </message>
    <message>
        <source>Replication: %1</source>
        <translation>Репликация: %1</translation>
    </message>
    <message>
        <source>WAL received up to %1, replayed up to %2. On a primary without writes the time since the last replayed transaction grows although the standby misses nothing.</source>
        <translation>WAL получен до %1, воспроизведён до %2. Если на основном сервере нет записи, время с последней воспроизведённой транзакции растёт, хотя резерв ничего не упускает.</translation>
    </message>
    <message>
        <source>(not streaming)</source>
        <translation>(нет потока)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionTabs</name>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConnectionsDock</name>
    <message>
        <source>Connections</source>
        <translation>Подключения</translation>
    </message>
    <message>
        <source>Open, not saved</source>
        <translation>Открытые, не сохранённые</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Сохранённые</translation>
    </message>
    <message>
        <source>Open in this window</source>
        <translation>Открыто в этом окне</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Изменить…</translation>
    </message>
    <message>
        <source>New Connection…</source>
        <translation>Новое подключение…</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConsoleMenu</name>
    <message>
        <source>New &amp;Console</source>
        <translation>Новая &amp;консоль</translation>
    </message>
    <message>
        <source>&amp;Open Script…</source>
        <translation>&amp;Открыть скрипт…</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Выполнить</translation>
    </message>
    <message>
        <source>Run &amp;Script</source>
        <translation>Выполнить &amp;скрипт</translation>
    </message>
    <message>
        <source>&amp;Explain</source>
        <translation>&amp;План запроса</translation>
    </message>
    <message>
        <source>Explain &amp;Analyze</source>
        <translation>План с в&amp;ыполнением (Analyze)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;История…</translation>
    </message>
    <message>
        <source>Console %1</source>
        <translation>Консоль %1</translation>
    </message>
    <message>
        <source>Open Script</source>
        <translation>Открыть скрипт</translation>
    </message>
    <message>
        <source>SQL scripts (*.sql);;All files (*)</source>
        <translation>Скрипты SQL (*.sql);;Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConsolePage</name>
    <message>
        <source>Run</source>
        <translation>Выполнить</translation>
    </message>
    <message>
        <source>Run the selection, or the statement under the caret (Ctrl+Enter)</source>
        <translation>Выполнить выделенное или оператор под курсором (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Run Script</source>
        <translation>Выполнить скрипт</translation>
    </message>
    <message>
        <source>Run every statement of the script (Ctrl+Shift+Enter)</source>
        <translation>Выполнить все операторы скрипта (Ctrl+Shift+Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Stop the running statement on the server (Ctrl+.)</source>
        <translation>Остановить выполняемый оператор на сервере (Ctrl+.)</translation>
    </message>
    <message>
        <source>Continue on Error</source>
        <translation>Продолжать при ошибке</translation>
    </message>
    <message>
        <source>Run the statements after a failing one too (by default the script stops at the first error)</source>
        <translation>Выполнять и операторы после ошибочного (по умолчанию скрипт останавливается на первой ошибке)</translation>
    </message>
    <message>
        <source>Auto-commit</source>
        <translation>Автофиксация</translation>
    </message>
    <message>
        <source>On: every statement commits on its own. Off (manual): a transaction stays open until Commit or Rollback</source>
        <translation>Включено: каждый оператор фиксируется сам. Выключено (вручную): транзакция открыта до «Зафиксировать» или «Откатить»</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Зафиксировать</translation>
    </message>
    <message>
        <source>Rollback</source>
        <translation>Откатить</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>Только чтение</translation>
    </message>
    <message>
        <source>Run in read-only transactions: nothing can be changed</source>
        <translation>Выполнять в транзакциях только для чтения: ничего нельзя изменить</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>План запроса</translation>
    </message>
    <message>
        <source>Explain Analyze</source>
        <translation>План с выполнением</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>История…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>The script could not be saved to %1: %2</source>
        <translation>Не удалось сохранить скрипт в %1: %2</translation>
    </message>
    <message>
        <source>Save Script</source>
        <translation>Сохранить скрипт</translation>
    </message>
    <message>
        <source>SQL scripts (*.sql);;All files (*)</source>
        <translation>Скрипты SQL (*.sql);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Close Console</source>
        <translation>Закрыть консоль</translation>
    </message>
    <message>
        <source>A statement is still running. Cancel it and close?</source>
        <translation>Оператор ещё выполняется. Отменить его и закрыть?</translation>
    </message>
    <message>
        <source>Save the changes to %1 before closing?</source>
        <translation>Сохранить изменения в %1 перед закрытием?</translation>
    </message>
    <message>
        <source>Connection: %1</source>
        <translation>Подключение: %1</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Нет подключения</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>auto-commit</source>
        <translation>автофиксация</translation>
    </message>
    <message>
        <source>manual transactions</source>
        <translation>транзакции вручную</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>только чтение</translation>
    </message>
    <message>
        <source>in transaction</source>
        <translation>в транзакции</translation>
    </message>
    <message>
        <source>failed — Rollback needed</source>
        <translation>ошибка — нужен откат</translation>
    </message>
    <message>
        <source>The console's connection failed: %1</source>
        <translation>Не удалось подключить консоль: %1</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 не выполнен: %2</translation>
    </message>
    <message>
        <source>%1 done.</source>
        <translation>%1 выполнен.</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 не выполнен</translation>
    </message>
    <message>
        <source>Line %1: %2
    %3</source>
        <translation>Строка %1: %2
    %3</translation>
    </message>
    <message>
        <source>Run Risky Statements?</source>
        <translation>Выполнить опасные операторы?</translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) can change or remove much data at once:</source>
        <translation>
            <numerusform>%n оператор может сразу изменить или удалить много данных:</numerusform>
            <numerusform>%n оператора могут сразу изменить или удалить много данных:</numerusform>
            <numerusform>%n операторов могут сразу изменить или удалить много данных:</numerusform>
        </translation>
    </message>
    <message>
        <source>Run Anyway</source>
        <translation>Всё равно выполнить</translation>
    </message>
    <message>
        <source>statement %1 running</source>
        <translation>выполняется оператор %1</translation>
    </message>
    <message>
        <source>the only row</source>
        <translation>единственная строка</translation>
    </message>
    <message>
        <source>all %1 rows</source>
        <translation>все строки: %1</translation>
    </message>
    <message>
        <source>%1 rows fetched</source>
        <translation>получено строк: %1</translation>
    </message>
    <message>
        <source>%1 (%2+ rows, %3 ms)</source>
        <translation>%1 (строк: %2+, %3 мс)</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%Ln row(s), %2 ms)</source>
        <translation>
            <numerusform>%1 (%Ln строка, %2 мс)</numerusform>
            <numerusform>%1 (%Ln строки, %2 мс)</numerusform>
            <numerusform>%1 (%Ln строк, %2 мс)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2 ms    [%3]</source>
        <translation>%1 — %2 мс    [%3]</translation>
    </message>
    <message>
        <source>
    DETAIL: %1</source>
        <translation>
    ПОДРОБНОСТИ: %1</translation>
    </message>
    <message>
        <source>
    HINT: %1</source>
        <translation>
    ПОДСКАЗКА: %1</translation>
    </message>
    <message>
        <source>ERROR: %1</source>
        <translation>ОШИБКА: %1</translation>
    </message>
    <message>
        <source>ERROR [%1]: %2</source>
        <translation>ОШИБКА [%1]: %2</translation>
    </message>
    <message>
        <source>
    at line %1, column %2</source>
        <translation>
    строка %1, столбец %2</translation>
    </message>
    <message>
        <source>
    in the statement at line %1</source>
        <translation>
    в операторе на строке %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменено</translation>
    </message>
    <message>
        <source>%1 of %2 statements failed</source>
        <translation>не выполнено операторов: %1 из %2</translation>
    </message>
    <message numerus="yes">
        <source>%n statement(s) run</source>
        <translation>
            <numerusform>выполнен %n оператор</numerusform>
            <numerusform>выполнено %n оператора</numerusform>
            <numerusform>выполнено %n операторов</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConsoleResults</name>
    <message>
        <source>Messages</source>
        <translation>Сообщения</translation>
    </message>
    <message>
        <source>Fetch &amp;All</source>
        <translation>Получить &amp;все</translation>
    </message>
    <message>
        <source>%1
in %2 ms</source>
        <translation>%1
за %2 мс</translation>
    </message>
    <message>
        <source>%1: %2    [%3]</source>
        <translation>%1: %2    [%3]</translation>
    </message>
    <message>
        <source>%1
    in: %2</source>
        <translation>%1
    в: %2</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ConsoleServices</name>
    <message>
        <source>Analyze: %1</source>
        <translation>Анализ: %1</translation>
    </message>
    <message>
        <source>Plan: %1</source>
        <translation>План: %1</translation>
    </message>
    <message>
        <source>Open in Query Builder</source>
        <translation>Открыть в конструкторе запросов</translation>
    </message>
    <message>
        <source>Read the SELECT at the caret into the query builder</source>
        <translation>Перенести SELECT под курсором в конструктор запросов</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>План запроса</translation>
    </message>
    <message>
        <source>There is no statement to explain.</source>
        <translation>Нет запроса, план которого можно показать.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::CreateTableForm</name>
    <message>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Not null</source>
        <translation>Не NULL</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>По умолчанию</translation>
    </message>
    <message>
        <source>Primary key</source>
        <translation>Первичный ключ</translation>
    </message>
    <message>
        <source>Add Column</source>
        <translation>Добавить столбец</translation>
    </message>
    <message>
        <source>Remove Column</source>
        <translation>Убрать столбец</translation>
    </message>
    <message>
        <source>Schema:</source>
        <translation>Схема:</translation>
    </message>
    <message>
        <source>&amp;Table name:</source>
        <translation>&amp;Имя таблицы:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::DdlDialog</name>
    <message>
        <source>DDL — %1</source>
        <translation>DDL — %1</translation>
    </message>
    <message>
        <source>Running pg_dump…</source>
        <translation>Выполняется pg_dump…</translation>
    </message>
    <message>
        <source>Reading the catalog…</source>
        <translation>Чтение каталога…</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <source>As PostgreSQL writes it.</source>
        <translation>Так, как это пишет PostgreSQL.</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Скопировано в буфер обмена.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::DriftBanner</name>
    <message>
        <source>Check for &amp;Drift</source>
        <translation>Проверить &amp;расхождения</translation>
    </message>
    <message>
        <source>&amp;Generate revision</source>
        <translation>С&amp;генерировать ревизию</translation>
    </message>
    <message>
        <source>Compare the database with what its revisions produce.</source>
        <translation>Сравнить базу с тем, что дают её ревизии.</translation>
    </message>
    <message>
        <source>Building the revisions in a shadow database and comparing…</source>
        <translation>Ревизии строятся в теневой базе и сравниваются…</translation>
    </message>
    <message numerus="yes">
        <source>The database has drifted from its revisions: %n difference(s). %1</source>
        <translation>
            <numerusform>База разошлась со своими ревизиями: %n различие. %1</numerusform>
            <numerusform>База разошлась со своими ревизиями: %n различия. %1</numerusform>
            <numerusform>База разошлась со своими ревизиями: %n различий. %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The database equals what its revisions produce.</source>
        <translation>База совпадает с тем, что дают её ревизии.</translation>
    </message>
    <message>
        <source>The drift check failed: %1</source>
        <translation>Проверка расхождений не удалась: %1</translation>
    </message>
</context>
<context>
    <name>dbx::ui::DropColumnForm</name>
    <message>
        <source>Drops column %1 of %2 with every value in it. The downgrade adds the column back, empty.</source>
        <translation>Удаляет столбец %1 таблицы %2 со всеми его значениями. Откат добавляет столбец снова, пустым.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::EnumLabelForm</name>
    <message>
        <source>(first)</source>
        <translation>(первой)</translation>
    </message>
    <message>
        <source>The downgrade recreates the type without the label and converts its columns: rows that hold the label make the downgrade fail.</source>
        <translation>Откат пересоздаёт тип без этой метки и преобразует его столбцы: строки с этой меткой не дадут откату пройти.</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Тип:</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Метки:</translation>
    </message>
    <message>
        <source>&amp;New label:</source>
        <translation>&amp;Новая метка:</translation>
    </message>
    <message>
        <source>&amp;After:</source>
        <translation>&amp;После:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ErDiagramPanel</name>
    <message>
        <source>&amp;Depth:</source>
        <translation>&amp;Глубина:</translation>
    </message>
    <message>
        <source>No schema loaded yet.</source>
        <translation>Схема ещё не загружена.</translation>
    </message>
    <message>
        <source>Whole schema</source>
        <translation>Вся схема</translation>
    </message>
    <message>
        <source>Around table</source>
        <translation>Вокруг таблицы</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+wheel, -)</source>
        <translation>Уменьшить (Ctrl+колесо, -)</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl+wheel, +)</source>
        <translation>Увеличить (Ctrl+колесо, +)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Вписать</translation>
    </message>
    <message>
        <source>Show the whole diagram</source>
        <translation>Показать всю диаграмму</translation>
    </message>
    <message>
        <source>Schema %1</source>
        <translation>Схема %1</translation>
    </message>
    <message>
        <source>All schemas</source>
        <translation>Все схемы</translation>
    </message>
    <message>
        <source>No tables to show.</source>
        <translation>Нет таблиц для показа.</translation>
    </message>
    <message numerus="yes">
        <source>Laying out %n table(s)…</source>
        <translation>
            <numerusform>Размещение %n таблицы…</numerusform>
            <numerusform>Размещение %n таблиц…</numerusform>
            <numerusform>Размещение %n таблиц…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2. Click a table to open it, a line to see what it is.</source>
        <translation>%1, %2. Щёлкните таблицу, чтобы открыть её, или линию, чтобы узнать, что она означает.</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n таблица</numerusform>
            <numerusform>%n таблицы</numerusform>
            <numerusform>%n таблиц</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n relationship line(s)</source>
        <translation>
            <numerusform>%n линия связи</numerusform>
            <numerusform>%n линии связи</numerusform>
            <numerusform>%n линий связи</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>Не удалось записать %1.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
    <message>
        <source>ER diagram of %1</source>
        <translation>ER-диаграмма %1</translation>
    </message>
    <message>
        <source>Export ER Diagram</source>
        <translation>Экспорт ER-диаграммы</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>Рисунки SVG (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Изображения PNG (*.png)</translation>
    </message>
    <message>
        <source>Export the diagram as an image (PNG)</source>
        <translation>Экспортировать диаграмму как изображение (PNG)</translation>
    </message>
    <message>
        <source>Export the diagram as a vector drawing (SVG)</source>
        <translation>Экспортировать диаграмму как векторный рисунок (SVG)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ErScene</name>
    <message numerus="yes">
        <source>… %n more column(s)</source>
        <translation>
            <numerusform>… ещё %n столбец</numerusform>
            <numerusform>… ещё %n столбца</numerusform>
            <numerusform>… ещё %n столбцов</numerusform>
        </translation>
    </message>
    <message>
        <source>many-to-one</source>
        <translation>многие-к-одному</translation>
    </message>
    <message>
        <source>one-to-many</source>
        <translation>один-ко-многим</translation>
    </message>
    <message>
        <source>one-to-one</source>
        <translation>один-к-одному</translation>
    </message>
    <message>
        <source>many-to-many</source>
        <translation>многие-ко-многим</translation>
    </message>
    <message>
        <source>many-to-many: %1 ↔ %2</source>
        <translation>многие-ко-многим: %1 ↔ %2</translation>
    </message>
    <message>
        <source>%1: %2, ON DELETE %3</source>
        <translation>%1: %2, ON DELETE %3</translation>
    </message>
    <message>
        <source>many-to-many: %1 ↔ %2 via %3</source>
        <translation>многие-ко-многим: %1 ↔ %2 через %3</translation>
    </message>
    <message>
        <source>link attributes: %1</source>
        <translation>атрибуты связи: %1</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ExplainPanel</name>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Running EXPLAIN ANALYZE…</source>
        <translation>Выполняется EXPLAIN ANALYZE…</translation>
    </message>
    <message>
        <source>Explaining…</source>
        <translation>Построение плана…</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>Cancelled after %1.</source>
        <translation>Отменено через %1.</translation>
    </message>
    <message>
        <source>EXPLAIN failed after %1.</source>
        <translation>EXPLAIN не удался через %1.</translation>
    </message>
    <message>
        <source>EXPLAIN ANALYZE (%1)</source>
        <translation>EXPLAIN ANALYZE (%1)</translation>
    </message>
    <message>
        <source>EXPLAIN (%1)</source>
        <translation>EXPLAIN (%1)</translation>
    </message>
    <message>
        <source>Explain Analyze — %1</source>
        <translation>План с выполнением — %1</translation>
    </message>
    <message>
        <source>Explain — %1</source>
        <translation>План запроса — %1</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ExportDialog</name>
    <message>
        <source>CSV (comma-separated values)</source>
        <translation>CSV (значения через запятую)</translation>
    </message>
    <message>
        <source>JSON (an array of objects)</source>
        <translation>JSON (массив объектов)</translation>
    </message>
    <message>
        <source>First line names the columns</source>
        <translation>Первая строка — имена столбцов</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>All rows matching the filter</source>
        <translation>Все строки, подходящие под фильтр</translation>
    </message>
    <message numerus="yes">
        <source>Selected rows (%n)</source>
        <translation>
            <numerusform>Выделенные строки (%n)</numerusform>
            <numerusform>Выделенные строки (%n)</numerusform>
            <numerusform>Выделенные строки (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспортировать</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>Экспорт %1</translation>
    </message>
    <message>
        <source>File to write</source>
        <translation>Файл для записи</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Строки:</translation>
    </message>
    <message>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>Файлы JSON (*.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Экспорт в файл</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Выберите файл для экспорта.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отменяется…</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written, %1 elapsed.</source>
        <translation>
            <numerusform>Записана %n строка, прошло %1.</numerusform>
            <numerusform>Записаны %n строки, прошло %1.</numerusform>
            <numerusform>Записано %n строк, прошло %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1 in %2.</source>
        <translation>
            <numerusform>Экспортирована %n строка в %1 за %2.</numerusform>
            <numerusform>Экспортированы %n строки в %1 за %2.</numerusform>
            <numerusform>Экспортировано %n строк в %1 за %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export was cancelled; %1 was not written.</source>
        <translation>Экспорт отменён; файл %1 не записан.</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Экспорт не удался: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ExpressionForm</name>
    <message>
        <source>Add Expression</source>
        <translation>Добавить выражение</translation>
    </message>
    <message>
        <source>label, e.g. compensation_diff</source>
        <translation>имя, например compensation_diff</translation>
    </message>
    <message>
        <source>Compute:</source>
        <translation>Вычислить:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Имя:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::FilterBar</name>
    <message>
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message>
        <source>Match all</source>
        <translation>Все условия</translation>
    </message>
    <message>
        <source>Match any</source>
        <translation>Любое условие</translation>
    </message>
    <message>
        <source>Whether a row must pass every condition or at least one</source>
        <translation>Должна ли строка удовлетворять всем условиям или хотя бы одному</translation>
    </message>
    <message>
        <source>+ Condition</source>
        <translation>+ Условие</translation>
    </message>
    <message>
        <source>Add a condition on a column</source>
        <translation>Добавить условие на столбец</translation>
    </message>
    <message>
        <source>Remove every condition and show all rows</source>
        <translation>Убрать все условия и показать все строки</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>содержит</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>начинается с</translation>
    </message>
    <message>
        <source>ends with</source>
        <translation>заканчивается на</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>одно из</translation>
    </message>
    <message>
        <source>between</source>
        <translation>между</translation>
    </message>
    <message>
        <source>is NULL</source>
        <translation>является NULL</translation>
    </message>
    <message>
        <source>is not NULL</source>
        <translation>не является NULL</translation>
    </message>
    <message>
        <source>and</source>
        <translation>и</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Удалить это условие</translation>
    </message>
    <message>
        <source>is true</source>
        <translation>равно true</translation>
    </message>
    <message>
        <source>is false</source>
        <translation>равно false</translation>
    </message>
    <message>
        <source>whole number</source>
        <translation>целое число</translation>
    </message>
    <message>
        <source>number</source>
        <translation>число</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>ГГГГ-ММ-ДД</translation>
    </message>
    <message>
        <source>YYYY-MM-DD hh:mm:ss</source>
        <translation>ГГГГ-ММ-ДД чч:мм:сс</translation>
    </message>
    <message>
        <source>hh:mm:ss</source>
        <translation>чч:мм:сс</translation>
    </message>
    <message>
        <source>“%1” is not a whole number.</source>
        <translation>«%1» — не целое число.</translation>
    </message>
    <message>
        <source>“%1” is not a number.</source>
        <translation>«%1» — не число.</translation>
    </message>
    <message>
        <source>“%1” is not a date (YYYY-MM-DD).</source>
        <translation>«%1» — не дата (ГГГГ-ММ-ДД).</translation>
    </message>
    <message>
        <source>“%1” is not a date and time (YYYY-MM-DD hh:mm:ss).</source>
        <translation>«%1» — не дата и время (ГГГГ-ММ-ДД чч:мм:сс).</translation>
    </message>
    <message>
        <source>“%1” is not a time (hh:mm:ss).</source>
        <translation>«%1» — не время (чч:мм:сс).</translation>
    </message>
    <message>
        <source>Choose at least one value for %1.</source>
        <translation>Выберите хотя бы одно значение для %1.</translation>
    </message>
    <message>
        <source>Enter a value for %1.</source>
        <translation>Введите значение для %1.</translation>
    </message>
    <message>
        <source>Filter the rows on the server (Enter)</source>
        <translation>Отфильтровать строки на сервере (Enter)</translation>
    </message>
    <message>
        <source>No filter</source>
        <translation>Без фильтра</translation>
    </message>
    <message numerus="yes">
        <source>%n condition(s) active</source>
        <translation>
            <numerusform>Активно %n условие</numerusform>
            <numerusform>Активны %n условия</numerusform>
            <numerusform>Активно %n условий</numerusform>
        </translation>
    </message>
    <message>
        <source>Ignore case: upper and lower case letters match each other</source>
        <translation>Без учёта регистра: заглавные и строчные буквы считаются одинаковыми</translation>
    </message>
</context>
<context>
    <name>dbx::ui::FilterConditionRow</name>
    <message>
        <source>Compare an aggregate of the column (HAVING)</source>
        <translation>Сравнивать агрегат столбца (HAVING)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>count distinct</source>
        <translation>count distinct</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Сравнение</translation>
    </message>
    <message>
        <source>and</source>
        <translation>и</translation>
    </message>
    <message>
        <source>Ignore case: upper and lower case letters match each other</source>
        <translation>Без учёта регистра: заглавные и строчные буквы считаются одинаковыми</translation>
    </message>
</context>
<context>
    <name>dbx::ui::FilterTreeEditor</name>
    <message>
        <source>Add Condition</source>
        <translation>Добавить условие</translation>
    </message>
    <message>
        <source>Add Group</source>
        <translation>Добавить группу</translation>
    </message>
    <message>
        <source>Add a nested AND/OR group to the selected group</source>
        <translation>Добавить вложенную группу AND/OR в выбранную группу</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Remove the selected condition or group</source>
        <translation>Удалить выбранное условие или группу</translation>
    </message>
    <message>
        <source>AND</source>
        <translation>AND</translation>
    </message>
    <message>
        <source>OR</source>
        <translation>OR</translation>
    </message>
    <message>
        <source>all of these match</source>
        <translation>выполняются все условия</translation>
    </message>
    <message>
        <source>any of these matches</source>
        <translation>выполняется любое условие</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>содержит</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>начинается с</translation>
    </message>
    <message>
        <source>ends with</source>
        <translation>заканчивается на</translation>
    </message>
    <message>
        <source>in list</source>
        <translation>в списке</translation>
    </message>
    <message>
        <source>between</source>
        <translation>между</translation>
    </message>
    <message>
        <source>is NULL</source>
        <translation>пусто (IS NULL)</translation>
    </message>
    <message>
        <source>is not NULL</source>
        <translation>не пусто (IS NOT NULL)</translation>
    </message>
    <message>
        <source>value, value, …</source>
        <translation>значение, значение, …</translation>
    </message>
    <message>
        <source>Values separated by commas</source>
        <translation>Значения через запятую</translation>
    </message>
    <message>
        <source>integer</source>
        <translation>целое число</translation>
    </message>
    <message>
        <source>number</source>
        <translation>число</translation>
    </message>
    <message>
        <source>text</source>
        <translation>текст</translation>
    </message>
    <message>
        <source>Add a condition to the selected group (the arrow: on a chosen column)</source>
        <translation>Добавить условие в выбранную группу (стрелка: по выбранному столбцу)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::FindBar</name>
    <message>
        <source>Match &amp;case</source>
        <translation>&amp;Учитывать регистр</translation>
    </message>
    <message>
        <source>Regular e&amp;xpression</source>
        <translation>Регулярное &amp;выражение</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Найти</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Заменить на</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Предыдущее</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Следующее</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Заменить</translation>
    </message>
    <message>
        <source>Replace &amp;All</source>
        <translation>Заменить в&amp;се</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Не найдено</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>заменено: %n</numerusform>
            <numerusform>заменено: %n</numerusform>
            <numerusform>заменено: %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dbx::ui::ForeignKeyEditor</name>
    <message>
        <source>Type to search…</source>
        <translation>Введите текст для поиска…</translation>
    </message>
    <message>
        <source>Type a part of %1 or a key of %2</source>
        <translation>Введите часть значения %1 или ключ из %2</translation>
    </message>
    <message>
        <source>Type the start of a key of %1</source>
        <translation>Введите начало ключа из %1</translation>
    </message>
    <message>
        <source>Set to NULL (no referenced row)</source>
        <translation>Задать NULL (без ссылки на строку)</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Поиск не удался: %1</translation>
    </message>
    <message>
        <source>More rows match: type more to narrow</source>
        <translation>Подходит больше строк: уточните запрос</translation>
    </message>
    <message>
        <source>No row of %1 matches "%2"</source>
        <translation>В %1 нет строк, подходящих под «%2»</translation>
    </message>
    <message>
        <source>%1 = %2 does not match any row of %3</source>
        <translation>%1 = %2 не соответствует ни одной строке %3</translation>
    </message>
</context>
<context>
    <name>dbx::ui::GenerateRevisionDialog</name>
    <message>
        <source>&amp;Compare</source>
        <translation>&amp;Сравнить</translation>
    </message>
    <message>
        <source>Treat a dropped and an added table or column of the same shape as a &amp;rename</source>
        <translation>Считать удалённые и добавленные таблицу или столбец одинакового вида &amp;переименованием</translation>
    </message>
    <message>
        <source>&amp;Stamp the database at the new revision (it already has the change)</source>
        <translation>&amp;Отметить базу новой ревизией (изменение в ней уже есть)</translation>
    </message>
    <message>
        <source>Generate Revision</source>
        <translation>Сгенерировать ревизию</translation>
    </message>
    <message>
        <source>what the change is for, e.g. add worker emails</source>
        <translation>зачем это изменение, например: почта сотрудников</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>Сооб&amp;щение:</translation>
    </message>
    <message>
        <source>Changes in the database:</source>
        <translation>Изменения в базе:</translation>
    </message>
    <message>
        <source>Warnings:</source>
        <translation>Предупреждения:</translation>
    </message>
    <message>
        <source>A revision needs a message.</source>
        <translation>Ревизии нужно сообщение.</translation>
    </message>
    <message>
        <source>Building the revisions in a shadow database and comparing…</source>
        <translation>Ревизии строятся в теневой базе и сравниваются…</translation>
    </message>
    <message>
        <source>Data loss on upgrade: %1</source>
        <translation>Потеря данных при обновлении: %1</translation>
    </message>
    <message>
        <source>Data loss on downgrade: %1</source>
        <translation>Потеря данных при откате: %1</translation>
    </message>
    <message>
        <source>Not written, named in the file: %1</source>
        <translation>Не записано, перечислено в файле: %1</translation>
    </message>
    <message>
        <source>Possible rename: %1</source>
        <translation>Возможное переименование: %1</translation>
    </message>
    <message>
        <source>Verified in %1: the upgrade gives the database's schema, the downgrade the revisions' one.</source>
        <translation>Проверено в %1: обновление даёт схему базы, откат — схему ревизий.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
</context>
<context>
    <name>dbx::ui::GroupingEditor</name>
    <message>
        <source>Group by:</source>
        <translation>Группировать по:</translation>
    </message>
    <message>
        <source>Having (conditions on groups):</source>
        <translation>Условия на группы (HAVING):</translation>
    </message>
</context>
<context>
    <name>dbx::ui::HistoryMenu</name>
    <message>
        <source>&amp;History</source>
        <translation>&amp;История</translation>
    </message>
    <message>
        <source>History</source>
        <translation>История</translation>
    </message>
</context>
<context>
    <name>dbx::ui::HistoryModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Успешно</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <source>
… (cut: the statement was longer)</source>
        <translation>
… (обрезано: запрос был длиннее)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Подключение</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Строки</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Запрос</translation>
    </message>
</context>
<context>
    <name>dbx::ui::HistoryPanel</name>
    <message>
        <source>Whole words</source>
        <translation>Целые слова</translation>
    </message>
    <message>
        <source>Copy to Editor</source>
        <translation>В редактор</translation>
    </message>
    <message>
        <source>Run Again</source>
        <translation>Выполнить снова</translation>
    </message>
    <message>
        <source>Search the statements run</source>
        <translation>Поиск по выполненным запросам</translation>
    </message>
    <message>
        <source>Match every word as a whole word, in any order</source>
        <translation>Каждое слово — целым словом, в любом порядке</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ImportDialog</name>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>First line names the columns</source>
        <translation>Первая строка содержит имена столбцов</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <source>Import into %1</source>
        <translation>Импорт в %1</translation>
    </message>
    <message>
        <source>CSV file to import</source>
        <translation>CSV-файл для импорта</translation>
    </message>
    <message>
        <source>empty field</source>
        <translation>пустое поле</translation>
    </message>
    <message>
        <source>Delimiter:</source>
        <translation>Разделитель:</translation>
    </message>
    <message>
        <source>Quote:</source>
        <translation>Кавычка:</translation>
    </message>
    <message>
        <source>NULL as:</source>
        <translation>NULL как:</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>Кодировка:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Файл:</translation>
    </message>
    <message>
        <source>CSV:</source>
        <translation>CSV:</translation>
    </message>
    <message>
        <source>Import from</source>
        <translation>Импорт из</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
    </message>
    <message numerus="yes">
        <source>The first %n record(s) fit the table's columns.</source>
        <translation>
            <numerusform>Первая %n запись подходит к столбцам таблицы.</numerusform>
            <numerusform>Первые %n записи подходят к столбцам таблицы.</numerusform>
            <numerusform>Первые %n записей подходят к столбцам таблицы.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) in the preview do not fit their column (marked; the import would stop there).</source>
        <translation>
            <numerusform>%n значение в предпросмотре не подходит к своему столбцу (отмечено; импорт остановится на нём).</numerusform>
            <numerusform>%n значения в предпросмотре не подходят к своим столбцам (отмечены; импорт остановится на них).</numerusform>
            <numerusform>%n значений в предпросмотре не подходят к своим столбцам (отмечены; импорт остановится на них).</numerusform>
        </translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Importing… %1 of %2 sent.</source>
        <translation>Импорт… отправлено %1 из %2.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n row(s) into %1.</source>
        <translation>
            <numerusform>Импортирована %n строка в %1.</numerusform>
            <numerusform>Импортированы %n строки в %1.</numerusform>
            <numerusform>Импортировано %n строк в %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was imported.</source>
        <translation>Импорт отменён; ничего не импортировано.</translation>
    </message>
    <message>
        <source>The import failed, nothing was imported: %1</source>
        <translation>Импорт не удался, ничего не импортировано: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ImportPreview</name>
    <message>
        <source>Target column</source>
        <translation>Столбец таблицы</translation>
    </message>
    <message>
        <source>Column %1</source>
        <translation>Столбец %1</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>строка %1</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>(не импортируется)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::JoinDiagram</name>
    <message>
        <source>Choose a table to see it here with the tables joined to it.</source>
        <translation>Выберите таблицу, чтобы увидеть её здесь вместе с присоединёнными таблицами.</translation>
    </message>
    <message>
        <source>Not drawn (a subquery or WITH query): %1.</source>
        <translation>Не показаны (подзапрос или WITH-запрос): %1.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::KeyForm</name>
    <message>
        <source>generated from the table and columns</source>
        <translation>по имени таблицы и столбцов</translation>
    </message>
    <message>
        <source>Table:</source>
        <translation>Таблица:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Имя:</translation>
    </message>
    <message>
        <source>C&amp;olumns:</source>
        <translation>&amp;Столбцы:</translation>
    </message>
    <message>
        <source>&amp;Unique</source>
        <translation>&amp;Уникальный</translation>
    </message>
    <message>
        <source>comma-separated, in the order of the columns</source>
        <translation>через запятую, в порядке столбцов</translation>
    </message>
    <message>
        <source>&amp;References:</source>
        <translation>&amp;Ссылается на:</translation>
    </message>
    <message>
        <source>Referenced co&amp;lumns:</source>
        <translation>Столбцы, на &amp;которые ссылается:</translation>
    </message>
    <message>
        <source>On &amp;delete:</source>
        <translation>При &amp;удалении:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::LoadingView</name>
    <message>
        <source>Run</source>
        <translation>Выполнить</translation>
    </message>
    <message>
        <source>Condition on the related rows</source>
        <translation>Условие на связанные строки</translation>
    </message>
    <message>
        <source>Loading strategies</source>
        <translation>Стратегии загрузки</translation>
    </message>
    <message>
        <source>Ascending</source>
        <translation>По возрастанию</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>По убыванию</translation>
    </message>
    <message>
        <source>Relationship:</source>
        <translation>Связь:</translation>
    </message>
    <message>
        <source>Order by:</source>
        <translation>Сортировка:</translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation>Ещё не выполнялось.</translation>
    </message>
    <message>
        <source>many-to-one</source>
        <translation>многие-к-одному</translation>
    </message>
    <message>
        <source>one-to-many</source>
        <translation>один-ко-многим</translation>
    </message>
    <message>
        <source>one-to-one</source>
        <translation>один-к-одному</translation>
    </message>
    <message>
        <source>many-to-many</source>
        <translation>многие-ко-многим</translation>
    </message>
    <message numerus="yes">
        <source>Parents: %n row(s) of %1</source>
        <translation>
            <numerusform>Родители: %n строка таблицы %1</numerusform>
            <numerusform>Родители: %n строки таблицы %1</numerusform>
            <numerusform>Родители: %n строк таблицы %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 via %2 (many-to-many)</source>
        <translation>%1 через %2 (многие-ко-многим)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>(key order)</source>
        <translation>(порядок ключа)</translation>
    </message>
    <message>
        <source>Condition on %1</source>
        <translation>Условие на %1</translation>
    </message>
    <message>
        <source>There are no parent rows to load related rows for.</source>
        <translation>Нет родительских строк, для которых можно загрузить связанные строки.</translation>
    </message>
    <message>
        <source>-- %1. rows: %2, %3 ms</source>
        <translation>-- %1. строк: %2, %3 мс</translation>
    </message>
    <message>
        <source>… and %1 more statements like these, one per parent</source>
        <translation>… и ещё %1 таких же запросов, по одному на каждого родителя</translation>
    </message>
    <message>
        <source>-- No statement: there was no parent key to look up.</source>
        <translation>-- Запроса нет: не было родительского ключа для поиска.</translation>
    </message>
    <message>
        <source>Lazy</source>
        <translation>Ленивая</translation>
    </message>
    <message>
        <source>Selectin</source>
        <translation>Selectin</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>Через JOIN</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n queries, %2 ms</source>
        <translation>
            <numerusform>%1: %n запрос, %2 мс</numerusform>
            <numerusform>%1: %n запроса, %2 мс</numerusform>
            <numerusform>%1: %n запросов, %2 мс</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queries: 1 for the page of parents + %1 for %2</source>
        <translation>
            <numerusform>%n запрос: 1 на страницу родителей + %1 для таблицы %2</numerusform>
            <numerusform>%n запроса: 1 на страницу родителей + %1 для таблицы %2</numerusform>
            <numerusform>%n запросов: 1 на страницу родителей + %1 для таблицы %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Related rows loaded: %1, in %2 ms</source>
        <translation>Загружено связанных строк: %1, за %2 мс</translation>
    </message>
    <message>
        <source>Each count includes the one query that read the page of parents (rows: %1, %2 ms), as a grid does before loading related rows.</source>
        <translation>Каждое число включает один запрос, прочитавший страницу родителей (строк: %1, %2 мс), как это делает сетка перед загрузкой связанных строк.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполнение…</translation>
    </message>
    <message>
        <source>e.g. part-time resumes</source>
        <translation>например, резюме с частичной занятостью</translation>
    </message>
    <message>
        <source>With a filter or an order, the Relations panel lists this as a relationship of its own under this name</source>
        <translation>С фильтром или порядком панель «Связи» показывает это как отдельную связь под этим именем</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>One query per parent</source>
        <translation>Один запрос на каждого родителя</translation>
    </message>
    <message>
        <source>One query with the key list</source>
        <translation>Один запрос со списком ключей</translation>
    </message>
    <message>
        <source>One query joining the parents</source>
        <translation>Один запрос с соединением родителей</translation>
    </message>
</context>
<context>
    <name>dbx::ui::LockWaitNotice</name>
    <message numerus="yes">
        <source> and %n other(s)</source>
        <translation>
            <numerusform> и ещё %n сеанс</numerusform>
            <numerusform> и ещё %n сеанса</numerusform>
            <numerusform> и ещё %n сеансов</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for a lock held by session %1%2 (%3). &lt;a href="activity"&gt;Show in Activity&lt;/a&gt;</source>
        <translation>Ожидание блокировки, которую держит сеанс %1%2 (%3). &lt;a href="activity"&gt;Показать в «Активности»&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Session %1 of this application waits for a %2 lock. It goes on by itself once the holder commits or rolls back; Activity can cancel or end the holder.</source>
        <translation>Сеанс %1 этого приложения ждёт блокировку (%2). Он продолжит сам, как только владелец зафиксирует или откатит транзакцию; в «Активности» можно отменить запрос владельца или завершить его сеанс.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MainWindow</name>
    <message>
        <source>DB Explorer</source>
        <translation>DB Explorer</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Обзор</translation>
    </message>
    <message>
        <source>%1 — DB Explorer</source>
        <translation>%1 — DB Explorer</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Database</source>
        <translation>&amp;База данных</translation>
    </message>
    <message>
        <source>&amp;Migrations</source>
        <translation>&amp;Миграции</translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation>&amp;Запрос</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Подключиться…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Open &amp;Demo Database</source>
        <translation>Открыть &amp;демо-базу</translation>
    </message>
    <message>
        <source>D&amp;isconnect</source>
        <translation>&amp;Отключиться</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Refresh Schema</source>
        <translation>&amp;Обновить схему</translation>
    </message>
    <message>
        <source>&amp;Cancel Running Statements</source>
        <translation>О&amp;тменить выполняющиеся запросы</translation>
    </message>
    <message>
        <source>Ctrl+.</source>
        <translation>Ctrl+.</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>&amp;About DB Explorer</source>
        <translation>&amp;О программе DB Explorer</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>О &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
    <message>
        <source>The new language is used from the next start of DB Explorer.</source>
        <translation>Новый язык будет использован при следующем запуске DB Explorer.</translation>
    </message>
    <message>
        <source>About DB Explorer</source>
        <translation>О программе DB Explorer</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DB Explorer %1&lt;/h3&gt;&lt;p&gt;A native explorer for PostgreSQL: browse and edit data, build queries, inspect relationships and run migrations.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DB Explorer %1&lt;/h3&gt;&lt;p&gt;Нативный обозреватель PostgreSQL: просмотр и редактирование данных, построение запросов, изучение связей и выполнение миграций.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The demo rows are loaded again.</source>
        <translation>Демо-строки загружены снова.</translation>
    </message>
    <message>
        <source>The demo rows could not be loaded: %1</source>
        <translation>Не удалось загрузить демо-строки: %1</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>&amp;Закрыть вкладку</translation>
    </message>
    <message>
        <source>&amp;Next Tab</source>
        <translation>&amp;Следующая вкладка</translation>
    </message>
    <message>
        <source>&amp;Previous Tab</source>
        <translation>&amp;Предыдущая вкладка</translation>
    </message>
    <message>
        <source>%1 (%2) — DB Explorer</source>
        <translation>%1 (%2) — DB Explorer</translation>
    </message>
    <message>
        <source>%1: %2 The next action reconnects.</source>
        <translation>%1: %2 Следующее действие переподключится.</translation>
    </message>
    <message>
        <source>%1 [production]</source>
        <translation>%1 [production]</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationActions</name>
    <message>
        <source>upgrade to %1</source>
        <translation>обновление до %1</translation>
    </message>
    <message>
        <source>downgrade to %1</source>
        <translation>откат до %1</translation>
    </message>
    <message>
        <source>stamp %1</source>
        <translation>отметка %1</translation>
    </message>
    <message>
        <source>Open Revision Folder</source>
        <translation>Открыть папку ревизий</translation>
    </message>
    <message>
        <source>New Revision</source>
        <translation>Новая ревизия</translation>
    </message>
    <message>
        <source>What does the revision change? (its message)</source>
        <translation>Что меняет ревизия? (её сообщение)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationConfirmDialog</name>
    <message>
        <source>Revision</source>
        <translation>Ревизия</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>Удаляется</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Rows now</source>
        <translation>Строк сейчас</translation>
    </message>
    <message>
        <source>Preview SQL…</source>
        <translation>Просмотр SQL…</translation>
    </message>
    <message>
        <source>Confirm Upgrade</source>
        <translation>Подтверждение обновления</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Обновить</translation>
    </message>
    <message numerus="yes">
        <source>Apply %n revision(s) to the database %1, each in its own transaction:</source>
        <translation>
            <numerusform>Применить %n ревизию к базе данных %1, каждую в своей транзакции:</numerusform>
            <numerusform>Применить %n ревизии к базе данных %1, каждую в своей транзакции:</numerusform>
            <numerusform>Применить %n ревизий к базе данных %1, каждую в своей транзакции:</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm Downgrade</source>
        <translation>Подтверждение отката</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>Откатить</translation>
    </message>
    <message numerus="yes">
        <source>Revert %n revision(s) in the database %1, newest first:</source>
        <translation>
            <numerusform>Откатить %n ревизию в базе данных %1, начиная с новейшей:</numerusform>
            <numerusform>Откатить %n ревизии в базе данных %1, начиная с новейшей:</numerusform>
            <numerusform>Откатить %n ревизий в базе данных %1, начиная с новейшей:</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm Stamp</source>
        <translation>Подтверждение отметки</translation>
    </message>
    <message>
        <source>Stamp</source>
        <translation>Отметить</translation>
    </message>
    <message>
        <source>Change what the database %1 records as applied to match %2, without running any of the revisions' SQL:</source>
        <translation>Изменить список применённых ревизий в базе данных %1 так, чтобы он соответствовал %2, не выполняя SQL ревизий:</translation>
    </message>
    <message>
        <source>Recorded as applied</source>
        <translation>Будут отмечены как применённые</translation>
    </message>
    <message>
        <source>Forgotten</source>
        <translation>Будут забыты</translation>
    </message>
    <message>
        <source>Reading what the downgrade drops…</source>
        <translation>Выясняется, что удалит откат…</translation>
    </message>
    <message>
        <source>not there</source>
        <translation>отсутствует</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблица</translation>
    </message>
    <message>
        <source>type</source>
        <translation>тип</translation>
    </message>
    <message>
        <source>Dropped by the downgrade of %1</source>
        <translation>Удаляется при откате %1</translation>
    </message>
    <message>
        <source>The downgrade SQL drops no tables or types.</source>
        <translation>SQL отката не удаляет ни таблиц, ни типов.</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;This drops the following, and %n row(s) of data with them:&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Будет удалено следующее, а вместе с ним %n строка данных:&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;Будет удалено следующее, а вместе с ним %n строки данных:&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;Будет удалено следующее, а вместе с ним %n строк данных:&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>This drops the following (no rows are lost):</source>
        <translation>Будет удалено следующее (строки данных не теряются):</translation>
    </message>
    <message>
        <source>Could not work out what the downgrade drops: %1</source>
        <translation>Не удалось выяснить, что удалит откат: %1</translation>
    </message>
    <message>
        <source>Edited, accepted as the files are now</source>
        <translation>Изменённые, принимаются в нынешнем виде файлов</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationLogView</name>
    <message>
        <source>The log of migration runs appears here.</source>
        <translation>Здесь появляется журнал запусков миграций.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationsHeader</name>
    <message>
        <source>Use Built-in Demo Revisions</source>
        <translation>Использовать встроенные демо-ревизии</translation>
    </message>
    <message>
        <source>Go back to the demo schema's revisions built into DB Explorer</source>
        <translation>Вернуться к ревизиям демо-схемы, встроенным в DB Explorer</translation>
    </message>
    <message>
        <source>Open Revision Folder…</source>
        <translation>Открыть папку ревизий…</translation>
    </message>
    <message>
        <source>Use the revision files of another project's versions folder</source>
        <translation>Использовать файлы ревизий из папки versions другого проекта</translation>
    </message>
    <message>
        <source>Not connected. Connect to a database to see which revisions it has.</source>
        <translation>Нет подключения. Подключитесь к базе данных, чтобы увидеть её ревизии.</translation>
    </message>
    <message>
        <source>Reading the migration state of %1…</source>
        <translation>Чтение состояния миграций %1…</translation>
    </message>
    <message>
        <source>base (nothing applied)</source>
        <translation>base (ничего не применено)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is at &lt;b&gt;%2&lt;/b&gt; · head: %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; на ревизии &lt;b&gt;%2&lt;/b&gt; · последняя ревизия: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ожидает применения</numerusform>
            <numerusform>%n ожидают применения</numerusform>
            <numerusform>%n ожидают применения</numerusform>
        </translation>
    </message>
    <message>
        <source>No migration bookkeeping yet: every revision is pending.</source>
        <translation>Учёта миграций ещё нет: все ревизии ожидают применения.</translation>
    </message>
    <message>
        <source>Alembic's %1 says %2 (read only).</source>
        <translation>Таблица Alembic %1 указывает %2 (только чтение).</translation>
    </message>
    <message numerus="yes">
        <source>Built-in demo revisions (%n)</source>
        <translation>
            <numerusform>Встроенные демо-ревизии (%n)</numerusform>
            <numerusform>Встроенные демо-ревизии (%n)</numerusform>
            <numerusform>Встроенные демо-ревизии (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n revision(s))</source>
        <translation>
            <numerusform>%1 (%n ревизия)</numerusform>
            <numerusform>%1 (%n ревизии)</numerusform>
            <numerusform>%1 (%n ревизий)</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Перечитать</translation>
    </message>
    <message>
        <source>Read the revision files and the database's state again</source>
        <translation>Заново прочитать файлы ревизий и состояние базы данных</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationsMenu</name>
    <message>
        <source>&amp;Upgrade to Head</source>
        <translation>&amp;Обновить до последней ревизии</translation>
    </message>
    <message>
        <source>Downgrade &amp;One Step</source>
        <translation>Откатить на &amp;один шаг</translation>
    </message>
    <message>
        <source>Downgrade to &amp;Base…</source>
        <translation>Откатить до &amp;начала…</translation>
    </message>
    <message>
        <source>&amp;Show Migrations</source>
        <translation>&amp;Показать миграции</translation>
    </message>
    <message>
        <source>Open Revision &amp;Folder…</source>
        <translation>Открыть п&amp;апку ревизий…</translation>
    </message>
    <message>
        <source>Use &amp;Built-in Demo Revisions</source>
        <translation>Использовать &amp;встроенные демо-ревизии</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Миграции</translation>
    </message>
    <message>
        <source>&amp;New Revision…</source>
        <translation>Новая &amp;ревизия…</translation>
    </message>
    <message>
        <source>&amp;Generate Revision from Database…</source>
        <translation>Сгенерировать ревизию по &amp;базе…</translation>
    </message>
    <message>
        <source>Check for &amp;Drift</source>
        <translation>Проверить &amp;расхождения</translation>
    </message>
    <message>
        <source>Open &amp;Alembic Project…</source>
        <translation>Открыть проект &amp;Alembic…</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationsNotice</name>
    <message>
        <source>Open the migrations panel</source>
        <translation>Открыть панель миграций</translation>
    </message>
    <message numerus="yes">
        <source>%n modified</source>
        <translation>
            <numerusform>%n изменена</numerusform>
            <numerusform>%n изменены</numerusform>
            <numerusform>%n изменено</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unknown</source>
        <translation>
            <numerusform>%n неизвестна</numerusform>
            <numerusform>%n неизвестны</numerusform>
            <numerusform>%n неизвестно</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
            <numerusform>%n с ошибкой</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ожидает</numerusform>
            <numerusform>%n ожидают</numerusform>
            <numerusform>%n ожидают</numerusform>
        </translation>
    </message>
    <message>
        <source>Migrations: %1</source>
        <translation>Миграции: %1</translation>
    </message>
</context>
<context>
    <name>dbx::ui::MigrationsPanel</name>
    <message>
        <source>Upgrade to Head</source>
        <translation>Обновить до последней</translation>
    </message>
    <message>
        <source>Apply every pending revision</source>
        <translation>Применить все ожидающие ревизии</translation>
    </message>
    <message>
        <source>Upgrade to Here</source>
        <translation>Обновить до этой</translation>
    </message>
    <message>
        <source>Apply the selected revision and everything it builds on</source>
        <translation>Применить выбранную ревизию и всё, на чём она основана</translation>
    </message>
    <message>
        <source>Downgrade to Here</source>
        <translation>Откатить до этой</translation>
    </message>
    <message>
        <source>Revert every revision that builds on the selected one; it stays applied</source>
        <translation>Откатить все ревизии, основанные на выбранной; сама она остаётся применённой</translation>
    </message>
    <message>
        <source>Downgrade to Base</source>
        <translation>Откатить до начала</translation>
    </message>
    <message>
        <source>Revert every applied revision</source>
        <translation>Откатить все применённые ревизии</translation>
    </message>
    <message>
        <source>Step +1</source>
        <translation>Шаг +1</translation>
    </message>
    <message>
        <source>Apply the next revision</source>
        <translation>Применить следующую ревизию</translation>
    </message>
    <message>
        <source>Step −1</source>
        <translation>Шаг −1</translation>
    </message>
    <message>
        <source>Revert the current revision</source>
        <translation>Откатить текущую ревизию</translation>
    </message>
    <message>
        <source>Preview SQL</source>
        <translation>Просмотр SQL</translation>
    </message>
    <message>
        <source>Stamp Here</source>
        <translation>Отметить эту</translation>
    </message>
    <message>
        <source>Record the selected revision and its ancestors as applied without running their SQL</source>
        <translation>Отметить выбранную ревизию и её предков как применённые, не выполняя их SQL</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Stop the running migration; its current revision rolls back</source>
        <translation>Остановить выполняемую миграцию; текущая ревизия откатывается</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v из %m</translation>
    </message>
    <message>
        <source>the built-in demo revisions</source>
        <translation>встроенных демо-ревизий</translation>
    </message>
    <message numerus="yes">
        <source>Using %n revision(s) from %1.</source>
        <translation>
            <numerusform>Используется %n ревизия из %1.</numerusform>
            <numerusform>Используются %n ревизии из %1.</numerusform>
            <numerusform>Используются %n ревизий из %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the SQL of the run for the selected revision</source>
        <translation>Показать SQL запуска для выбранной ревизии</translation>
    </message>
    <message>
        <source>Show the SQL an upgrade to head would run</source>
        <translation>Показать SQL, который выполнит обновление до последней ревизии</translation>
    </message>
    <message>
        <source>Statement: %1</source>
        <translation>Оператор: %1</translation>
    </message>
    <message>
        <source>Copy Revision Id</source>
        <translation>Копировать идентификатор ревизии</translation>
    </message>
    <message>
        <source>New Revision…</source>
        <translation>Новая ревизия…</translation>
    </message>
    <message>
        <source>Write a new revision on top of the current heads and open it for editing</source>
        <translation>Записать новую ревизию поверх текущих голов и открыть её для правки</translation>
    </message>
    <message>
        <source>Open a revision folder first: the built-in demo revisions cannot be added to</source>
        <translation>Сначала откройте папку ревизий: к встроенным ревизиям демо-базы добавлять нельзя</translation>
    </message>
    <message>
        <source>Alembic Project…</source>
        <translation>Проект Alembic…</translation>
    </message>
    <message>
        <source>Run an Alembic project's migrations against this database</source>
        <translation>Выполнить миграции проекта Alembic на этой базе</translation>
    </message>
</context>
<context>
    <name>dbx::ui::OrderLimitEditor</name>
    <message>
        <source>Add Order</source>
        <translation>Добавить сортировку</translation>
    </message>
    <message>
        <source>Distinct rows (SELECT DISTINCT)</source>
        <translation>Только различные строки (SELECT DISTINCT)</translation>
    </message>
    <message>
        <source>Order by</source>
        <translation>Сортировать по</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Направление</translation>
    </message>
    <message>
        <source>NULLs</source>
        <translation>NULL</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Limit:</source>
        <translation>Лимит:</translation>
    </message>
    <message>
        <source>Offset:</source>
        <translation>Смещение:</translation>
    </message>
    <message>
        <source>ascending</source>
        <translation>по возрастанию</translation>
    </message>
    <message>
        <source>descending</source>
        <translation>по убыванию</translation>
    </message>
    <message>
        <source>default</source>
        <translation>по умолчанию</translation>
    </message>
    <message>
        <source>first</source>
        <translation>первыми</translation>
    </message>
    <message>
        <source>last</source>
        <translation>последними</translation>
    </message>
</context>
<context>
    <name>dbx::ui::OutputColumnsEditor</name>
    <message>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Вывод</translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation>Агрегат</translation>
    </message>
    <message>
        <source>Cast</source>
        <translation>Приведение</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Expression</source>
        <translation>Выражение</translation>
    </message>
    <message>
        <source>Window Column</source>
        <translation>Оконный столбец</translation>
    </message>
    <message>
        <source>Outputs (empty: all columns)</source>
        <translation>Выводимые столбцы (пусто — все столбцы)</translation>
    </message>
    <message>
        <source>%1 (all columns: *)</source>
        <translation>%1 (все столбцы: *)</translation>
    </message>
    <message>
        <source>as…</source>
        <translation>как…</translation>
    </message>
    <message>
        <source>Remove this output</source>
        <translation>Убрать этот столбец из вывода</translation>
    </message>
    <message>
        <source>Check the columns to select; right-click one to aggregate it or filter on it</source>
        <translation>Отметьте столбцы для выборки; щелчок правой кнопкой — агрегировать столбец или отфильтровать по нему</translation>
    </message>
    <message>
        <source>Computed…</source>
        <translation>Вычисляемый…</translation>
    </message>
    <message>
        <source>Add an arithmetic expression or a window column</source>
        <translation>Добавить арифметическое выражение или оконный столбец</translation>
    </message>
    <message>
        <source>The output's name in the result (AS)</source>
        <translation>Имя столбца в результате (AS)</translation>
    </message>
    <message>
        <source>Add %1(%2)</source>
        <translation>Добавить %1(%2)</translation>
    </message>
    <message>
        <source>Filter on %1</source>
        <translation>Фильтр по %1</translation>
    </message>
    <message>
        <source>Condition on %1 (HAVING)</source>
        <translation>Условие на %1 (HAVING)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::OverviewPage</name>
    <message>
        <source>DB Explorer</source>
        <translation>DB Explorer</translation>
    </message>
    <message>
        <source>Connect to a Database…</source>
        <translation>Подключиться к базе данных…</translation>
    </message>
    <message>
        <source>Open the Demo Database</source>
        <translation>Открыть демо-базу</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Вид</translation>
    </message>
    <message>
        <source>Rows (estimate)</source>
        <translation>Строк (оценка)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <source>References</source>
        <translation>Ссылается на</translation>
    </message>
    <message>
        <source>Connect to any PostgreSQL database, or explore the built-in demo: workers, resumes and vacancies.</source>
        <translation>Подключитесь к любой базе PostgreSQL или изучите встроенную демо-базу: работники, резюме и вакансии.</translation>
    </message>
    <message>
        <source>Database %1</source>
        <translation>База данных %1</translation>
    </message>
    <message numerus="yes">
        <source>PostgreSQL %1 · %2 · user %3 · %n table(s) and view(s)</source>
        <translation>
            <numerusform>PostgreSQL %1 · %2 · пользователь %3 · %n таблица или представление</numerusform>
            <numerusform>PostgreSQL %1 · %2 · пользователь %3 · %n таблицы и представления</numerusform>
            <numerusform>PostgreSQL %1 · %2 · пользователь %3 · %n таблиц и представлений</numerusform>
        </translation>
    </message>
    <message>
        <source>view</source>
        <translation>представление</translation>
    </message>
    <message>
        <source>table</source>
        <translation>таблица</translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>нет статистики</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open Form</source>
        <translation>Открыть форму</translation>
    </message>
    <message>
        <source>Copy Name</source>
        <translation>Копировать имя</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Counted when the table was last read</source>
        <translation>Подсчитано при последнем чтении таблицы</translation>
    </message>
    <message>
        <source>Show DDL</source>
        <translation>Показать DDL</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ParameterPanel</name>
    <message>
        <source>No parameters. Write :name or $1 in the SQL to bind a value.</source>
        <translation>Параметров нет. Напишите :имя или $1 в SQL, чтобы подставить значение.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Parameters&lt;/b&gt;</source>
        <translation>&lt;b&gt;Параметры&lt;/b&gt;</translation>
    </message>
    <message>
        <source>NULL</source>
        <translation>NULL</translation>
    </message>
</context>
<context>
    <name>dbx::ui::PasswordStore</name>
    <message>
        <source>no keychain service is running</source>
        <translation>служба связки ключей не запущена</translation>
    </message>
    <message>
        <source>access was denied</source>
        <translation>доступ запрещён</translation>
    </message>
    <message>
        <source>the keychain reported an error</source>
        <translation>связка ключей сообщила об ошибке</translation>
    </message>
</context>
<context>
    <name>dbx::ui::PlanTreeModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>slow %1%</source>
        <translation>медленно %1%</translation>
    </message>
    <message>
        <source>under</source>
        <translation>недооценка</translation>
    </message>
    <message>
        <source>over</source>
        <translation>переоценка</translation>
    </message>
    <message>
        <source>rows ×%1 %2</source>
        <translation>строки ×%1, %2</translation>
    </message>
    <message>
        <source>never executed</source>
        <translation>не выполнялся</translation>
    </message>
    <message>
        <source>%1 → %2 (×%3%4)</source>
        <translation>%1 → %2 (×%3%4)</translation>
    </message>
    <message>
        <source>hit %1 · read %2</source>
        <translation>в кэше %1 · прочитано %2</translation>
    </message>
    <message>
        <source>filter %1</source>
        <translation>фильтр %1</translation>
    </message>
    <message>
        <source>join filter %1</source>
        <translation>фильтр соединения %1</translation>
    </message>
    <message>
        <source>recheck %1</source>
        <translation>перепроверка %1</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Узел</translation>
    </message>
    <message>
        <source>Exclusive</source>
        <translation>Собственное</translation>
    </message>
    <message>
        <source>Inclusive</source>
        <translation>Всего</translation>
    </message>
    <message>
        <source>Rows planned → actual</source>
        <translation>Строки: план → факт</translation>
    </message>
    <message>
        <source>Loops</source>
        <translation>Циклы</translation>
    </message>
    <message>
        <source>Shared buffers</source>
        <translation>Общие буферы</translation>
    </message>
    <message>
        <source>Rows removed</source>
        <translation>Отброшено строк</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Отметки</translation>
    </message>
</context>
<context>
    <name>dbx::ui::PlanView</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy the open tab's text (the text form for the tree)</source>
        <translation>Скопировать текст открытой вкладки (для дерева — текстовую форму)</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>План</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Текст</translation>
    </message>
    <message>
        <source>EXPLAIN ANALYZE ran this %1 inside a transaction that was rolled back: nothing was changed.</source>
        <translation>EXPLAIN ANALYZE выполнил этот %1 в транзакции, которая была откачена: ничего не изменено.</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n узел</numerusform>
            <numerusform>%n узла</numerusform>
            <numerusform>%n узлов</numerusform>
        </translation>
    </message>
    <message>
        <source>Execution %1</source>
        <translation>Выполнение %1</translation>
    </message>
    <message>
        <source>Planning %1</source>
        <translation>Планирование %1</translation>
    </message>
    <message numerus="yes">
        <source>Trigger %1: %2 (%n call(s))</source>
        <translation>
            <numerusform>Триггер %1: %2 (%n вызов)</numerusform>
            <numerusform>Триггер %1: %2 (%n вызова)</numerusform>
            <numerusform>Триггер %1: %2 (%n вызовов)</numerusform>
        </translation>
    </message>
    <message>
        <source>estimates only (no ANALYZE)</source>
        <translation>только оценки (без ANALYZE)</translation>
    </message>
    <message>
        <source>Exclusive time: %1 (%2% of %3)</source>
        <translation>Собственное время: %1 (%2% от %3)</translation>
    </message>
    <message>
        <source>Inclusive time: %1</source>
        <translation>Время с дочерними: %1</translation>
    </message>
    <message>
        <source>Rows: planned %1, actual %2 per loop over %3 loop(s); estimate off ×%4</source>
        <translation>Строки: план %1, факт %2 за цикл, циклов: %3; ошибка оценки ×%4</translation>
    </message>
    <message>
        <source>Flags: %1</source>
        <translation>Отметки: %1</translation>
    </message>
    <message>
        <source>Never executed</source>
        <translation>Не выполнялся</translation>
    </message>
    <message>
        <source>Shared buffers (own): hit %1, read %2</source>
        <translation>Общие буферы (собственные): в кэше %1, прочитано %2</translation>
    </message>
</context>
<context>
    <name>dbx::ui::QueryBuilder</name>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>count distinct</source>
        <translation>count distinct</translation>
    </message>
</context>
<context>
    <name>dbx::ui::QueryBuilderMenu</name>
    <message>
        <source>&amp;Query Builder</source>
        <translation>&amp;Конструктор запросов</translation>
    </message>
    <message>
        <source>Ctrl+Shift+B</source>
        <translation>Ctrl+Shift+B</translation>
    </message>
    <message>
        <source>Query Builder</source>
        <translation>Конструктор запросов</translation>
    </message>
</context>
<context>
    <name>dbx::ui::QueryBuilderPanel</name>
    <message>
        <source>Run</source>
        <translation>Выполнить</translation>
    </message>
    <message>
        <source>Run the query (Ctrl+Return)</source>
        <translation>Выполнить запрос (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Столбцы</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Фильтр</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Группировка</translation>
    </message>
    <message>
        <source>Order &amp;&amp; Limit</source>
        <translation>Порядок и лимит</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Новый</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Открыть…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Сохранить…</translation>
    </message>
    <message>
        <source>From SQL…</source>
        <translation>Из SQL…</translation>
    </message>
    <message>
        <source>Show a hand-written SELECT in the builder</source>
        <translation>Показать написанный вручную SELECT в конструкторе</translation>
    </message>
    <message>
        <source>Use as Subquery…</source>
        <translation>Как подзапрос…</translation>
    </message>
    <message>
        <source>Use as CTE…</source>
        <translation>Как CTE…</translation>
    </message>
    <message>
        <source>Build a new query that selects from this one, written inline</source>
        <translation>Построить новый запрос, выбирающий из этого, встроенного как подзапрос</translation>
    </message>
    <message>
        <source>Build a new query that selects from this one, as a WITH query</source>
        <translation>Построить новый запрос, выбирающий из этого, как из WITH-запроса</translation>
    </message>
    <message>
        <source>Editing:</source>
        <translation>Редактируется:</translation>
    </message>
    <message>
        <source>main query</source>
        <translation>основной запрос</translation>
    </message>
    <message>
        <source>CTE %1</source>
        <translation>CTE %1</translation>
    </message>
    <message>
        <source>subquery %1</source>
        <translation>подзапрос %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Connect to a database to run the query</source>
        <translation>Подключитесь к базе данных, чтобы выполнить запрос</translation>
    </message>
    <message>
        <source>Choose a source table first</source>
        <translation>Сначала выберите исходную таблицу</translation>
    </message>
    <message>
        <source>Fix the problems shown above the SQL first</source>
        <translation>Сначала исправьте проблемы, показанные над SQL</translation>
    </message>
    <message>
        <source>The query was cancelled.</source>
        <translation>Запрос отменён.</translation>
    </message>
    <message>
        <source>Use as CTE</source>
        <translation>Использовать как CTE</translation>
    </message>
    <message>
        <source>Use as Subquery</source>
        <translation>Использовать как подзапрос</translation>
    </message>
    <message>
        <source>Name of the WITH query:</source>
        <translation>Имя WITH-запроса:</translation>
    </message>
    <message>
        <source>Name of the subquery:</source>
        <translation>Имя подзапроса:</translation>
    </message>
    <message>
        <source>Open Query</source>
        <translation>Открыть запрос</translation>
    </message>
    <message>
        <source>Queries (*.json);;All files (*)</source>
        <translation>Запросы (*.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Could not open %1.</source>
        <translation>Не удалось открыть %1.</translation>
    </message>
    <message>
        <source>Save Query</source>
        <translation>Сохранить запрос</translation>
    </message>
    <message>
        <source>Could not save %1.</source>
        <translation>Не удалось сохранить %1.</translation>
    </message>
    <message>
        <source>Export Result</source>
        <translation>Экспорт результата</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Экспорт в %1…</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Экспорт не удался: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n row(s) to %1.</source>
        <translation>
            <numerusform>Экспортирована %n строка в %1.</numerusform>
            <numerusform>Экспортированы %n строки в %1.</numerusform>
            <numerusform>Экспортировано %n строк в %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>Диаграмма</translation>
    </message>
    <message>
        <source>Open in Console</source>
        <translation>Открыть в консоли</translation>
    </message>
    <message>
        <source>The query's SQL in a new console tab, its values as parameters</source>
        <translation>SQL запроса в новой вкладке консоли, значения — как параметры</translation>
    </message>
</context>
<context>
    <name>dbx::ui::RecordForm</name>
    <message>
        <source>First</source>
        <translation>Первая</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Предыдущая</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Следующая</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Последняя</translation>
    </message>
    <message>
        <source>Set this field to NULL (no value), which is not the same as an empty text.</source>
        <translation>Задать полю значение NULL (нет значения) — это не то же самое, что пустой текст.</translation>
    </message>
    <message>
        <source>Double-click a row to open it in its own form.</source>
        <translation>Дважды щёлкните строку, чтобы открыть её в отдельной форме.</translation>
    </message>
    <message>
        <source>No row</source>
        <translation>Нет строки</translation>
    </message>
    <message>
        <source>Row %L1 of %L2</source>
        <translation>Строка %L1 из %L2</translation>
    </message>
    <message>
        <source>New row (not committed)</source>
        <translation>Новая строка (не зафиксирована)</translation>
    </message>
    <message>
        <source>%1 referencing this row (%2)</source>
        <translation>%1, ссылающиеся на эту строку (%2)</translation>
    </message>
</context>
<context>
    <name>dbx::ui::RelationInspector</name>
    <message>
        <source>Select a row to see its relationships.</source>
        <translation>Выберите строку, чтобы увидеть её связи.</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Перейти</translation>
    </message>
    <message>
        <source>Show the selected row's own relationships (double-click a row)</source>
        <translation>Показать собственные связи выбранной строки (двойной щелчок по строке)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open the selected row in a record window</source>
        <translation>Открыть выбранную строку в окне записи</translation>
    </message>
    <message>
        <source>Add link…</source>
        <translation>Добавить связь…</translation>
    </message>
    <message>
        <source>Link this row to another one through the association table</source>
        <translation>Связать эту строку с другой через ассоциативную таблицу</translation>
    </message>
    <message>
        <source>Remove link</source>
        <translation>Удалить связь</translation>
    </message>
    <message>
        <source>Remove the selected links (the rows themselves stay)</source>
        <translation>Удалить выбранные связи (сами строки останутся)</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Зафиксировать</translation>
    </message>
    <message>
        <source>Write the pending link changes</source>
        <translation>Записать несохранённые изменения связей</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Откатить</translation>
    </message>
    <message>
        <source>Forget the pending link changes</source>
        <translation>Отбросить несохранённые изменения связей</translation>
    </message>
    <message>
        <source>Pending SQL</source>
        <translation>SQL изменений</translation>
    </message>
    <message>
        <source>Show the SQL that Commit will run</source>
        <translation>Показать SQL, который выполнит фиксация</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>This row has no relationships.</source>
        <translation>У этой строки нет связей.</translation>
    </message>
    <message>
        <source>%1 (link)</source>
        <translation>%1 (связь)</translation>
    </message>
    <message>
        <source>Link removed, not committed yet</source>
        <translation>Связь удалена, удаление ещё не зафиксировано</translation>
    </message>
    <message>
        <source>New link, not committed yet</source>
        <translation>Новая связь, ещё не зафиксирована</translation>
    </message>
    <message numerus="yes">
        <source>First %n related row(s)</source>
        <translation>
            <numerusform>Первая %n связанная строка</numerusform>
            <numerusform>Первые %n связанные строки</numerusform>
            <numerusform>Первые %n связанных строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n related row(s)</source>
        <translation>
            <numerusform>%n связанная строка</numerusform>
            <numerusform>%n связанные строки</numerusform>
            <numerusform>%n связанных строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %n new link(s) not committed yet</source>
        <translation>
            <numerusform>%1; %n новая связь ещё не зафиксирована</numerusform>
            <numerusform>%1; %n новые связи ещё не зафиксированы</numerusform>
            <numerusform>%1; %n новых связей ещё не зафиксировано</numerusform>
        </translation>
    </message>
    <message>
        <source>Back to %1</source>
        <translation>Назад к %1</translation>
    </message>
    <message numerus="yes">
        <source>%n pending link change(s)</source>
        <translation>
            <numerusform>%n несохранённое изменение связей</numerusform>
            <numerusform>%n несохранённых изменения связей</numerusform>
            <numerusform>%n несохранённых изменений связей</numerusform>
        </translation>
    </message>
    <message>
        <source>Some of these links no longer exist; they were left out.</source>
        <translation>Некоторых из этих связей больше нет; они пропущены.</translation>
    </message>
    <message>
        <source>Cannot commit: %1</source>
        <translation>Не удалось зафиксировать: %1</translation>
    </message>
    <message>
        <source>Someone else changed or removed these links meanwhile; revert and try again.</source>
        <translation>Кто-то другой тем временем изменил или удалил эти связи; откатите изменения и попробуйте снова.</translation>
    </message>
    <message>
        <source>Nothing was written: %1</source>
        <translation>Ничего не записано: %1</translation>
    </message>
    <message>
        <source>Link changes committed.</source>
        <translation>Изменения связей зафиксированы.</translation>
    </message>
    <message>
        <source>Pending link changes</source>
        <translation>Несохранённые изменения связей</translation>
    </message>
    <message>
        <source>%1, only rows where %2 (a condition saved in the Loading panel)</source>
        <translation>%1, только строки, где %2 (условие сохранено в панели «Загрузка»)</translation>
    </message>
    <message>
        <source>Add links from the unfiltered relationship above.</source>
        <translation>Добавляйте связи из нефильтрованной связи выше.</translation>
    </message>
    <message>
        <source>Links to a table with a key of several columns are added in its grid.</source>
        <translation>Связи с таблицей, ключ которой состоит из нескольких столбцов, добавляются в её таблице.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::RelationsMenu</name>
    <message>
        <source>&amp;ER Diagram</source>
        <translation>&amp;ER-диаграмма</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>ER Diagram</source>
        <translation>ER-диаграмма</translation>
    </message>
</context>
<context>
    <name>dbx::ui::RenameForm</name>
    <message>
        <source>Table:</source>
        <translation>Таблица:</translation>
    </message>
    <message>
        <source>Column:</source>
        <translation>Столбец:</translation>
    </message>
    <message>
        <source>&amp;New name:</source>
        <translation>&amp;Новое имя:</translation>
    </message>
</context>
<context>
    <name>dbx::ui::ResultChart</name>
    <message>
        <source>(null)</source>
        <translation>(null)</translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 groups.</source>
        <translation>Показаны первые %1 из %2 групп.</translation>
    </message>
    <message numerus="yes">
        <source>%n NULL value(s) drawn as 0.</source>
        <translation>
            <numerusform>%n значение NULL нарисовано как 0.</numerusform>
            <numerusform>%n значения NULL нарисованы как 0.</numerusform>
            <numerusform>%n значений NULL нарисованы как 0.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) that are not numbers drawn as 0.</source>
        <translation>
            <numerusform>%n нечисловое значение нарисовано как 0.</numerusform>
            <numerusform>%n нечисловых значения нарисованы как 0.</numerusform>
            <numerusform>%n нечисловых значений нарисованы как 0.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>dbx::ui::ResultsView</name>
    <message>
        <source>Grid</source>
        <translation>Таблица</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Диаграмма</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) in %1 ms</source>
        <translation>
            <numerusform>%n строка за %1 мс</numerusform>
            <numerusform>%n строки за %1 мс</numerusform>
            <numerusform>%n строк за %1 мс</numerusform>
        </translation>
    </message>
    <message>
        <source>showing the first %1 rows only</source>
        <translation>показаны только первые строки: %1</translation>
    </message>
    <message>
        <source>The query failed.</source>
        <translation>Запрос завершился ошибкой.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполнение…</translation>
    </message>
    <message>
        <source>Run the query to see its rows.</source>
        <translation>Выполните запрос, чтобы увидеть его строки.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::RevisionEditorDialog</name>
    <message>
        <source>Edit Revision — %1</source>
        <translation>Правка ревизии — %1</translation>
    </message>
    <message>
        <source>Write the upgrade SQL under "-- upgrade". To undo it, replace "-- downgrade: empty" with "-- downgrade" followed by the SQL that reverts it.</source>
        <translation>Напишите SQL обновления под «-- upgrade». Чтобы его можно было откатить, замените «-- downgrade: empty» на «-- downgrade» и SQL, который его отменяет.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::RevisionListModel</name>
    <message>
        <source>(base)</source>
        <translation>(базовая)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 мс</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>Revision %1</source>
        <translation>Ревизия %1</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Файл: %1</translation>
    </message>
    <message>
        <source>The database is at this revision.</source>
        <translation>База данных находится на этой ревизии.</translation>
    </message>
    <message>
        <source>A head: no revision builds on it yet.</source>
        <translation>Последняя (head): на ней пока не основана ни одна ревизия.</translation>
    </message>
    <message>
        <source>Irreversible: a downgrade cannot pass it.</source>
        <translation>Необратимая: откат через неё невозможен.</translation>
    </message>
    <message>
        <source>Last attempt failed: %1</source>
        <translation>Последняя попытка не удалась: %1</translation>
    </message>
    <message>
        <source>The file changed after it was applied (recorded checksum %1, file now %2).</source>
        <translation>Файл изменён после применения (записанная контрольная сумма %1, у файла сейчас %2).</translation>
    </message>
    <message>
        <source>Applied, but no revision file has it.</source>
        <translation>Применена, но ни один файл ревизий её не содержит.</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Ревизия</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Parents</source>
        <translation>Родители</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Applied at</source>
        <translation>Применена</translation>
    </message>
    <message>
        <source>Applied by</source>
        <translation>Кем применена</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SchemaChangeDialog</name>
    <message>
        <source>&amp;Run Now</source>
        <translation>&amp;Выполнить сейчас</translation>
    </message>
    <message>
        <source>&amp;Save as Revision</source>
        <translation>&amp;Сохранить как ревизию</translation>
    </message>
    <message>
        <source>Revision &amp;message:</source>
        <translation>&amp;Описание ревизии:</translation>
    </message>
    <message>
        <source>DDL:</source>
        <translation>DDL:</translation>
    </message>
    <message>
        <source>Run the DDL now, in one transaction</source>
        <translation>Выполнить DDL сейчас, в одной транзакции</translation>
    </message>
    <message>
        <source>Write a new revision into %1</source>
        <translation>Записать новую ревизию в %1</translation>
    </message>
    <message>
        <source>Choose a folder of revisions in the Migrations panel first: the built-in revisions cannot be added to</source>
        <translation>Сначала выберите папку ревизий на панели миграций: во встроенные ревизии добавить нельзя</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Ничего не изменено: %1</translation>
    </message>
    <message>
        <source>Upgrade: %1</source>
        <translation>Обновление: %1</translation>
    </message>
    <message>
        <source>Downgrade: %1</source>
        <translation>Откат: %1</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SchemaDock</name>
    <message>
        <source>Schema</source>
        <translation>Схема</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SchemaEditor</name>
    <message>
        <source>Schema changes are not possible here: %1</source>
        <translation>Изменять схему здесь нельзя: %1</translation>
    </message>
    <message>
        <source>Create Table…</source>
        <translation>Создать таблицу…</translation>
    </message>
    <message>
        <source>Add Column…</source>
        <translation>Добавить столбец…</translation>
    </message>
    <message>
        <source>Add Index…</source>
        <translation>Добавить индекс…</translation>
    </message>
    <message>
        <source>Add Foreign Key…</source>
        <translation>Добавить внешний ключ…</translation>
    </message>
    <message>
        <source>Add Check…</source>
        <translation>Добавить проверку…</translation>
    </message>
    <message>
        <source>Rename Table…</source>
        <translation>Переименовать таблицу…</translation>
    </message>
    <message>
        <source>Alter Column…</source>
        <translation>Изменить столбец…</translation>
    </message>
    <message>
        <source>Rename Column…</source>
        <translation>Переименовать столбец…</translation>
    </message>
    <message>
        <source>Drop Column…</source>
        <translation>Удалить столбец…</translation>
    </message>
    <message>
        <source>Add Label…</source>
        <translation>Добавить метку…</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SchemaPane</name>
    <message>
        <source>Filter tables, columns…</source>
        <translation>Фильтр таблиц, столбцов…</translation>
    </message>
    <message>
        <source>Reload the schema from the database (F5)</source>
        <translation>Перечитать схему из базы данных (F5)</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Нет подключения.</translation>
    </message>
    <message>
        <source>Reading the catalog…</source>
        <translation>Чтение каталога…</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s) and view(s)</source>
        <translation>
            <numerusform>%n таблица или представление</numerusform>
            <numerusform>%n таблицы и представления</numerusform>
            <numerusform>%n таблиц и представлений</numerusform>
        </translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open Form</source>
        <translation>Открыть форму</translation>
    </message>
    <message>
        <source>Show DDL</source>
        <translation>Показать DDL</translation>
    </message>
    <message>
        <source>Copy Name</source>
        <translation>Копировать имя</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SourceJoinsEditor</name>
    <message>
        <source>Add Join</source>
        <translation>Добавить соединение</translation>
    </message>
    <message>
        <source>alias</source>
        <translation>псевдоним</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Соединение</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>As</source>
        <translation>Как</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>Из:</translation>
    </message>
    <message>
        <source>as</source>
        <translation>как</translation>
    </message>
    <message>
        <source>(choose a table)</source>
        <translation>(выберите таблицу)</translation>
    </message>
    <message>
        <source>subquery %1</source>
        <translation>подзапрос %1</translation>
    </message>
    <message>
        <source>CTE %1</source>
        <translation>CTE %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 по %2</translation>
    </message>
    <message>
        <source> and </source>
        <translation> и </translation>
    </message>
    <message>
        <source>%1 (foreign key %2)</source>
        <translation>%1 (внешний ключ %2)</translation>
    </message>
    <message>
        <source>inner</source>
        <translation>внутреннее</translation>
    </message>
    <message>
        <source>left</source>
        <translation>левое</translation>
    </message>
    <message>
        <source>right</source>
        <translation>правое</translation>
    </message>
    <message>
        <source>full</source>
        <translation>полное</translation>
    </message>
    <message>
        <source>Remove this join</source>
        <translation>Удалить это соединение</translation>
    </message>
    <message>
        <source>no foreign keys to follow</source>
        <translation>нет внешних ключей для перехода</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SqlImportDialog</name>
    <message>
        <source>Query from SQL</source>
        <translation>Запрос из SQL</translation>
    </message>
    <message>
        <source>Paste or type one SELECT. The builder reads it with PostgreSQL's own parser and shows its tables, joins, columns, filters, grouping, windows and WITH queries.</source>
        <translation>Вставьте или введите один SELECT. Конструктор разбирает его собственным парсером PostgreSQL и показывает таблицы, соединения, столбцы, фильтры, группировку, окна и WITH-запросы.</translation>
    </message>
    <message>
        <source>Show in Builder</source>
        <translation>Показать в конструкторе</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SqlPreviewDialog</name>
    <message>
        <source>SQL Preview — %1</source>
        <translation>Просмотр SQL — %1</translation>
    </message>
    <message>
        <source>Nothing has been run. This is the SQL the run would send, in order.</source>
        <translation>Ничего не выполнено. Это SQL, который отправит запуск, по порядку.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Копировать</translation>
    </message>
    <message>
        <source>&amp;Save As…</source>
        <translation>&amp;Сохранить как…</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Скопировано в буфер обмена.</translation>
    </message>
    <message>
        <source>Save SQL</source>
        <translation>Сохранить SQL</translation>
    </message>
    <message>
        <source>SQL files (*.sql);;All files (*)</source>
        <translation>Файлы SQL (*.sql);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Не удалось сохранить %1: %2</translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation>Сохранено в %1.</translation>
    </message>
</context>
<context>
    <name>dbx::ui::SqlView</name>
    <message>
        <source>Parameterized</source>
        <translation>С параметрами</translation>
    </message>
    <message>
        <source>With values</source>
        <translation>Со значениями</translation>
    </message>
    <message>
        <source>The SQL that runs, with its values bound as parameters</source>
        <translation>SQL, который выполняется, со значениями, переданными как параметры</translation>
    </message>
    <message>
        <source>The same query with the values written in, to paste elsewhere</source>
        <translation>Тот же запрос с подставленными значениями, чтобы вставить в другое место</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy the SQL of the visible tab</source>
        <translation>Копировать SQL видимой вкладки</translation>
    </message>
</context>
<context>
    <name>dbx::ui::TableBrowser</name>
    <message>
        <source>Reload</source>
        <translation>Перечитать</translation>
    </message>
    <message>
        <source>Read the rows again from the database; pending changes stay</source>
        <translation>Заново прочитать строки из базы данных; несохранённые изменения остаются</translation>
    </message>
    <message>
        <source>Refresh Row</source>
        <translation>Перечитать строку</translation>
    </message>
    <message>
        <source>Read the current row again from the database</source>
        <translation>Заново прочитать текущую строку из базы данных</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Add a new row (saved on Commit)</source>
        <translation>Добавить новую строку (сохраняется при фиксации)</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>Дублировать</translation>
    </message>
    <message>
        <source>Add a copy of the current row without the values the server fills</source>
        <translation>Добавить копию текущей строки без значений, которые заполняет сервер</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Mark the selected rows for deletion, after showing what the delete takes along</source>
        <translation>Пометить выбранные строки на удаление, предварительно показав, что удалится вместе с ними</translation>
    </message>
    <message>
        <source>Set NULL</source>
        <translation>Задать NULL</translation>
    </message>
    <message>
        <source>Set the selected cells to NULL</source>
        <translation>Задать NULL в выбранных ячейках</translation>
    </message>
    <message>
        <source>Revert Row</source>
        <translation>Откатить строку</translation>
    </message>
    <message>
        <source>Drop the pending changes of the selected rows</source>
        <translation>Отбросить несохранённые изменения выбранных строк</translation>
    </message>
    <message>
        <source>Commit</source>
        <translation>Зафиксировать</translation>
    </message>
    <message>
        <source>Apply every pending change in one transaction</source>
        <translation>Применить все несохранённые изменения в одной транзакции</translation>
    </message>
    <message>
        <source>Revert All</source>
        <translation>Откатить всё</translation>
    </message>
    <message>
        <source>Drop every pending change</source>
        <translation>Отбросить все несохранённые изменения</translation>
    </message>
    <message>
        <source>Pending SQL</source>
        <translation>SQL изменений</translation>
    </message>
    <message>
        <source>Show exactly what Commit will run</source>
        <translation>Показать, что именно выполнит фиксация</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>Форма</translation>
    </message>
    <message>
        <source>Show the current row as a form with the rows that reference it</source>
        <translation>Показать текущую строку в виде формы вместе со строками, которые на неё ссылаются</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Export the rows (with the filter and sort) or the selection to CSV or JSON</source>
        <translation>Экспортировать строки (с учётом фильтра и сортировки) или выделение в CSV или JSON</translation>
    </message>
    <message>
        <source>Copy as JSON with Related Rows</source>
        <translation>Копировать как JSON со связанными строками</translation>
    </message>
    <message>
        <source>Copy the current row with the rows that reference it (two levels) as nested JSON</source>
        <translation>Копировать текущую строку вместе со ссылающимися на неё строками (два уровня) как вложенный JSON</translation>
    </message>
    <message>
        <source>Pending changes discarded.</source>
        <translation>Несохранённые изменения отброшены.</translation>
    </message>
    <message>
        <source>Filter: %1 is NULL</source>
        <translation>Фильтр: %1 является NULL</translation>
    </message>
    <message>
        <source>Filter: %1 = %2</source>
        <translation>Фильтр: %1 = %2</translation>
    </message>
    <message>
        <source>Copy Value</source>
        <translation>Копировать значение</translation>
    </message>
    <message numerus="yes">
        <source>%Ln row(s)</source>
        <translation>
            <numerusform>%Ln строка</numerusform>
            <numerusform>%Ln строки</numerusform>
            <numerusform>%Ln строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %Ln row(s) (estimate; counting…)</source>
        <translation>
            <numerusform>около %Ln строки (оценка; идёт подсчёт…)</numerusform>
            <numerusform>около %Ln строк (оценка; идёт подсчёт…)</numerusform>
            <numerusform>около %Ln строк (оценка; идёт подсчёт…)</numerusform>
        </translation>
    </message>
    <message>
        <source> · filtered</source>
        <translation> · отфильтровано</translation>
    </message>
    <message numerus="yes">
        <source> · %n pending change(s), not committed</source>
        <translation>
            <numerusform> · %n несохранённое изменение</numerusform>
            <numerusform> · %n несохранённых изменения</numerusform>
            <numerusform> · %n несохранённых изменений</numerusform>
        </translation>
    </message>
    <message>
        <source> · read-only</source>
        <translation> · только чтение</translation>
    </message>
    <message>
        <source>%1 cannot be NULL (NOT NULL column).</source>
        <translation>%1 не может быть NULL (столбец NOT NULL).</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) marked for deletion; Commit deletes them.</source>
        <translation>
            <numerusform>%n строка помечена на удаление; «Зафиксировать» удалит её.</numerusform>
            <numerusform>%n строки помечены на удаление; «Зафиксировать» удалит их.</numerusform>
            <numerusform>%n строк помечено на удаление; «Зафиксировать» удалит их.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pending SQL — %1</source>
        <translation>SQL изменений — %1</translation>
    </message>
    <message numerus="yes">
        <source>Copied the row with its related rows as JSON (%n line(s)).</source>
        <translation>
            <numerusform>Строка со связанными строками скопирована как JSON (%n строка текста).</numerusform>
            <numerusform>Строка со связанными строками скопирована как JSON (%n строки текста).</numerusform>
            <numerusform>Строка со связанными строками скопирована как JSON (%n строк текста).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing was sent: %n value(s) break the column rules. %1</source>
        <translation>
            <numerusform>Ничего не отправлено: %n значение нарушает правила столбцов. %1</numerusform>
            <numerusform>Ничего не отправлено: %n значения нарушают правила столбцов. %1</numerusform>
            <numerusform>Ничего не отправлено: %n значений нарушают правила столбцов. %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Committing…</source>
        <translation>Фиксация…</translation>
    </message>
    <message numerus="yes">
        <source>Committed: %n row(s) changed.</source>
        <translation>
            <numerusform>Зафиксировано: изменена %n строка.</numerusform>
            <numerusform>Зафиксировано: изменены %n строки.</numerusform>
            <numerusform>Зафиксировано: изменено %n строк.</numerusform>
        </translation>
    </message>
    <message>
        <source>Row %1, %2: </source>
        <translation>Строка %1, %2: </translation>
    </message>
    <message>
        <source>Row %1: </source>
        <translation>Строка %1: </translation>
    </message>
    <message>
        <source>Commit failed; nothing was saved and your edits are kept. %1%2</source>
        <translation>Фиксация не удалась; ничего не сохранено, ваши правки остались. %1%2</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was saved: %n row(s) were changed by someone else since you read them.</source>
        <translation>
            <numerusform>Ничего не сохранено: %n строку изменил кто-то другой после того, как вы её прочитали.</numerusform>
            <numerusform>Ничего не сохранено: %n строки изменил кто-то другой после того, как вы их прочитали.</numerusform>
            <numerusform>Ничего не сохранено: %n строк изменил кто-то другой после того, как вы их прочитали.</numerusform>
        </translation>
    </message>
    <message>
        <source>Conflicts resolved. Commit again to apply the remaining changes.</source>
        <translation>Конфликты разрешены. Зафиксируйте ещё раз, чтобы применить оставшиеся изменения.</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>Несохранённые изменения</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n change(s) that are not committed. Discard them?</source>
        <translation>
            <numerusform>В %1 есть %n несохранённое изменение. Отбросить его?</numerusform>
            <numerusform>В %1 есть %n несохранённых изменения. Отбросить их?</numerusform>
            <numerusform>В %1 есть %n несохранённых изменений. Отбросить их?</numerusform>
        </translation>
    </message>
    <message>
        <source>Relations</source>
        <translation>Связи</translation>
    </message>
    <message>
        <source>Show the current row's relationships: follow them both ways, add and remove many-to-many links</source>
        <translation>Показать связи текущей строки: переходить по ним в обе стороны, добавлять и удалять связи многие-ко-многим</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>Загрузка</translation>
    </message>
    <message>
        <source>Compare lazy, joined and selectin loading of a relationship over the loaded rows</source>
        <translation>Сравнить ленивую загрузку, загрузку через JOIN и selectin для связи на загруженных строках</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>More actions on the selected rows</source>
        <translation>Другие действия с выбранными строками</translation>
    </message>
    <message numerus="yes">
        <source>Apply the %n pending change(s) in one transaction (%1)</source>
        <translation>
            <numerusform>Применить %n изменение одной транзакцией (%1)</numerusform>
            <numerusform>Применить %n изменения одной транзакцией (%1)</numerusform>
            <numerusform>Применить %n изменений одной транзакцией (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply every pending change in one transaction (%1)</source>
        <translation>Применить все изменения одной транзакцией (%1)</translation>
    </message>
    <message numerus="yes">
        <source>Discard %n pending change(s) to %1?</source>
        <translation>
            <numerusform>Отменить %n незафиксированное изменение в %1?</numerusform>
            <numerusform>Отменить %n незафиксированных изменения в %1?</numerusform>
            <numerusform>Отменить %n незафиксированных изменений в %1?</numerusform>
        </translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Import the rows of a CSV file into this table in one transaction</source>
        <translation>Импортировать строки CSV-файла в эту таблицу одной транзакцией</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Export the rows to a file, or import rows from a CSV file</source>
        <translation>Экспортировать строки в файл или импортировать строки из CSV-файла</translation>
    </message>
</context>
<context>
    <name>dbx::ui::WindowForm</name>
    <message>
        <source>descending</source>
        <translation>по убыванию</translation>
    </message>
    <message>
        <source>Add Window Column</source>
        <translation>Добавить оконный столбец</translation>
    </message>
    <message>
        <source>label, e.g. avg_workload_compensation</source>
        <translation>имя, например avg_workload_compensation</translation>
    </message>
    <message>
        <source>Function:</source>
        <translation>Функция:</translation>
    </message>
    <message>
        <source>Partition by:</source>
        <translation>Разбить по (PARTITION BY):</translation>
    </message>
    <message>
        <source>Order by:</source>
        <translation>Сортировать по:</translation>
    </message>
    <message>
        <source>Cast to:</source>
        <translation>Привести к:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Имя:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
</context>
</TS>