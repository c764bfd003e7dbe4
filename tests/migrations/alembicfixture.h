#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace dbx::test {

// A copy of the demo schema's Alembic project (tests/alembic/demo) in a temporary folder, so a
// test can add a revision (a failing one, a slow one) or change env.py without touching the
// sources. The revision ids are those of the app's own demo revisions.
class AlembicDemoProject {
public:
    static constexpr const char *Workers = "3f2a9c1d7b01";
    static constexpr const char *Resumes = "8c41e07d2a55";
    static constexpr const char *Vacancies = "1b6f8d2e4a70";

    AlembicDemoProject();
    QString path() const { return m_dir.path(); }
    bool isValid() const { return m_valid; }
    // Adds versions/<id>_<id>.py on top of `parent` running the SQL statements given.
    void addRevision(const QString &id, const QString &parent, const QString &message,
                     const QStringList &upgradeSql, const QStringList &downgradeSql = {});
    // Makes env.py connect to `url` whatever sqlalchemy.url says.
    void useOwnUrl(const QString &url);

private:
    QTemporaryDir m_dir;
    bool m_valid = false;
};

// The demo tables and type present in `db`, in a fixed order ("resumes", "vacancies", ...).
QStringList demoObjects(QSqlDatabase db);
// What alembic_version holds ("" when the table is missing, "base" when empty).
QString alembicVersion(QSqlDatabase db);

} // namespace dbx::test
