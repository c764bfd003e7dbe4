#pragma once

#include "model/data/tablequery.h"
#include "model/db/database.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>

namespace dbx::model {

// One candidate row of a foreign-key lookup: the referenced key as text and its label (empty
// when the referenced table has no label column or the label is NULL).
struct LookupItem {
    QString key;
    QString label;

    bool operator==(const LookupItem &other) const = default;
};

// Finds rows of the table a foreign key references, by a piece of their label or by their key,
// so that a user can pick "alice" instead of remembering worker 17. Searches run on the
// database worker; each new search cancels the one before and results of an older search are
// never reported, so a list filled while typing always matches the latest text.
class ForeignKeyLookup : public QObject {
    Q_OBJECT
public:
    // How many rows one search returns at most: enough to pick from, cheap to read.
    static constexpr int limit = 50;

    ForeignKeyLookup(Database *db, const ForeignLabel &fk, QObject *parent = nullptr);
    ~ForeignKeyLookup() override;

    const ForeignLabel &foreignLabel() const { return m_fk; }
    // False when the referenced table has no label column: searches then match keys only.
    bool hasLabel() const;
    bool isSearching() const { return m_ticket != 0; }

    // Rows whose label contains `text` (case-insensitive, wildcards taken literally) or whose
    // key equals it, the exact key first, then by label; empty text gives the first rows by
    // label. Without a label column: keys starting with `text`, in key order.
    void search(const QString &text);
    // Drops the running search; nothing is reported for it.
    void cancel();

    // The statement search(text) runs ($n placeholders, as pgExec expects). Pure, for tests.
    static Statement statement(const ForeignLabel &fk, const QString &text);

signals:
    void resultsReady(const QList<dbx::model::LookupItem> &items);
    void failed(const dbx::model::DbError &error);

private:
    QPointer<Database> m_db; // may go first when the connection is closed
    ForeignLabel m_fk;
    Ticket m_ticket = 0;
};

} // namespace dbx::model

Q_DECLARE_METATYPE(dbx::model::LookupItem)
