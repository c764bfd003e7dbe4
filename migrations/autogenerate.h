#pragma once

#include "migrations/revisiongraph.h"
#include "migrations/schemadiff.h"
#include "migrations/shadowdatabase.h"

#include <QSqlDatabase>

namespace dbx::migrations {

// A revision written from the difference between a database and what its revisions produce,
// already verified in the shadow database (upgrade gives the database's schema, downgrade the
// revisions' one). Nothing is on disk until Autogenerate::save.
struct GeneratedRevision {
    QString id;
    QStringList parents;
    QString message;
    QString text; // the whole file
    SchemaChange upgrade;
    SchemaChange downgrade;
    QStringList differences; // what the upgrade changes, one line per object
    QString shadow;          // where it was verified
};

struct AutogenerateOptions {
    ShadowOptions shadow;
    DiffOptions diff;
};

// Autogenerate (`migrate revision --autogenerate`) and the drift check (`migrate check`): the
// compared database is the wanted state; the revisions it has applied are built in a shadow
// database and compared with it. Runs in the calling thread on connections of its own.
class Autogenerate {
public:
    Autogenerate(QSqlDatabase wanted, model::ConnectionSpec wantedSpec, RevisionGraph graph,
                 AutogenerateOptions options = {});

    // The revision that turns the revisions' schema into the database's, verified. Refused
    // when the database is not at the heads of the files, or when there is nothing to write.
    model::Result<GeneratedRevision> prepare(const QString &message);
    // Writes the file into `directory` (a RevisionWriter file, then its text) and, unless
    // `stamp` is false, records the database as being at the new revision. The path.
    model::Result<QString> save(const GeneratedRevision &revision, const QString &directory,
                                bool stamp);
    // The differences between the database and what its applied revisions produce.
    model::Result<QList<SchemaDifference>> check();

    // "the database" / "the revisions": how messages name the two sides.
    static QString databaseSide();
    static QString revisionsSide();

private:
    struct Shadowed {
        std::unique_ptr<ShadowDatabase> shadow;
        SchemaModel revisions; // the shadow's schema at the database's revisions
        SchemaModel database;
        QStringList current;
    };
    model::Result<Shadowed> buildShadow(bool requireHeads);
    model::Status verify(Shadowed &built, const GeneratedRevision &revision);
    QString compose(const GeneratedRevision &revision) const;
    QStringList excludedSchemas() const;

    QSqlDatabase m_wanted;
    model::ConnectionSpec m_spec;
    RevisionGraph m_graph;
    AutogenerateOptions m_options;
};

} // namespace dbx::migrations
