#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/relations/relatedloader.h"
#include "model/relations/relationshipgraph.h"

#include <QList>
#include <QPointer>
#include <QVariantList>
#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class FilterBar;

// "Loading strategies": the seed's N+1 lesson as a live demonstration. For the rows of a grid's
// page and one relationship of their table, Run loads the related rows lazily (one query per
// parent), by selectin (one query with the key list) and joined (one query joining the
// parents), one after another on the worker, and shows them side by side: queries, time, rows
// and the SQL that ran. A condition on the related side (filter and order, the seed's
// part-time resumes newest first) is remembered per relationship.
class LoadingView : public QWidget {
    Q_OBJECT
public:
    LoadingView(model::Database *database, const model::SchemaSnapshot &snapshot,
                QWidget *parent = nullptr);
    ~LoadingView() override;

    // The parents: rows of `table` by their primary key values (text), e.g. a grid's page.
    // Offers the relationships navigable from `table`.
    void setParents(const model::TableRef &table, const QList<QVariantList> &parentKeys);
    const model::TableRef &parentTable() const { return m_table; }
    int parentCount() const { return int(m_parentKeys.size()); }

    QList<model::Relationship> relationships() const { return m_relationships; }
    int currentRelationship() const;
    // Selects the first relationship from the parents to `table` of `kind`; false if none.
    bool selectRelationship(const QString &table, model::Relationship::Kind kind);

    // The condition as the editors show it now.
    model::RelatedCondition condition() const;
    // Shows `condition` in the editors (saved when the next run starts).
    void setCondition(const model::RelatedCondition &condition);
    FilterBar *filterBar() const { return m_filterBar; }

    // What Run does; false (and a message) when there is nothing to run or a value is invalid.
    bool run();
    bool isRunning() const { return m_running; }
    // The last comparison (empty until a run finished well), in strategy order lazy, selectin,
    // joined.
    const model::StrategyComparison &comparison() const { return m_comparison; }
    // Queries of one strategy including the page query, as shown.
    int queryCount(model::LoadStrategy strategy) const;
    QString summaryText() const;
    QString sqlText(model::LoadStrategy strategy) const;
    QString statsText(model::LoadStrategy strategy) const;
    QString errorText() const;

signals:
    void runFinished(bool ok);

private:
    static QString strategyName(model::LoadStrategy strategy);
    static QString shortName(model::LoadStrategy strategy);
    static QString kindLabel(model::Relationship::Kind kind);
    int strategyIndex(model::LoadStrategy strategy) const;
    void relationshipChanged();
    void rebuildConditionEditors();
    void saveCurrentCondition();
    void showComparison();
    void showError(const QString &message);
    void setRunning(bool running);
    QString sqlListing(const model::RelatedLoad &load) const;

    QPointer<model::Database> m_database;
    model::SchemaSnapshot m_snapshot;
    model::RelationshipGraph m_graph;
    model::TableRef m_table;
    QList<QVariantList> m_parentKeys;
    QList<model::Relationship> m_relationships;
    model::StrategyComparison m_comparison;
    quint64 m_generation = 0;
    bool m_running = false;

    QLabel *m_parents;
    QComboBox *m_relationship;
    QPushButton *m_run;
    QGroupBox *m_conditionBox;
    QVBoxLayout *m_conditionLayout;
    FilterBar *m_filterBar = nullptr;
    QComboBox *m_orderColumn;
    QComboBox *m_orderDirection;
    QLineEdit *m_conditionName;
    QLabel *m_summary;
    QLabel *m_note;
    QLabel *m_error;
    QList<QGroupBox *> m_boxes;
    QList<QLabel *> m_stats;
    QList<QPlainTextEdit *> m_sql;
};

} // namespace dbx::ui
