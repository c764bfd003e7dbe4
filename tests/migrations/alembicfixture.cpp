#include "alembicfixture.h"

#include "revisionfixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTest>

namespace dbx::test {

namespace {

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        if (file.contains(QLatin1String("__pycache__")))
            continue;
        const QString target = to + QLatin1Char('/') + QDir(from).relativeFilePath(file);
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(file, target))
            return false;
    }
    return true;
}

QString pythonList(const QStringList &statements)
{
    QStringList lines;
    for (const QString &sql : statements)
        lines
            << QStringLiteral("    op.execute(%1)").arg(QStringLiteral("\"\"\"%1\"\"\"").arg(sql));
    return lines.isEmpty() ? QStringLiteral("    pass") : lines.join(QLatin1Char('\n'));
}

} // namespace

AlembicDemoProject::AlembicDemoProject()
{
    m_valid = m_dir.isValid() && copyTree(QStringLiteral(DBX_ALEMBIC_DEMO), m_dir.path());
}

void AlembicDemoProject::addRevision(const QString &id, const QString &parent,
                                     const QString &message, const QStringList &upgradeSql,
                                     const QStringList &downgradeSql)
{
    QFile file(m_dir.filePath(QStringLiteral("versions/%1_%1.py").arg(id)));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Text));
    file.write(QStringLiteral("\"\"\"%1\n\nRevision ID: %2\n\"\"\"\nfrom alembic import op\n\n"
                              "revision = \"%2\"\ndown_revision = \"%3\"\nbranch_labels = None\n"
                              "depends_on = None\n\n\ndef upgrade():\n%4\n\n\ndef downgrade():\n"
                              "%5\n")
                   .arg(message, id, parent, pythonList(upgradeSql), pythonList(downgradeSql))
                   .toUtf8());
}

void AlembicDemoProject::useOwnUrl(const QString &url)
{
    QFile file(m_dir.filePath(QStringLiteral("env.py")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(file.readAll());
    file.close();
    const QString from = QStringLiteral("config = context.config\n");
    QVERIFY(text.contains(from));
    text.replace(from,
                 from + QStringLiteral("config.set_main_option(\"sqlalchemy.url\", \"%1\")\n")
                            .arg(QString(url).replace(QLatin1Char('%'), QLatin1String("%%"))));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

QStringList demoObjects(QSqlDatabase db)
{
    return rows(db, QStringLiteral(
                        "SELECT name FROM (SELECT relname AS name FROM pg_class WHERE relkind = "
                        "'r' AND relnamespace = 'public'::regnamespace AND relname <> "
                        "'alembic_version' UNION ALL SELECT typname FROM pg_type WHERE "
                        "typnamespace = 'public'::regnamespace AND typtype = 'e') o ORDER BY 1"));
}

QString alembicVersion(QSqlDatabase db)
{
    if (count(db, QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = "
                                 "'alembic_version'")) == 0)
        return {};
    const QStringList versions =
        rows(db, QStringLiteral("SELECT version_num FROM alembic_version ORDER BY 1"));
    return versions.isEmpty() ? QStringLiteral("base") : versions.join(QLatin1Char(','));
}

} // namespace dbx::test
