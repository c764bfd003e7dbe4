#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/query/querydef.h"
#include "model/relations/relationshipgraph.h"

#include <QWidget>

class QGraphicsView;
class QLabel;

namespace dbx::ui {

class ErScene;

// The tables of the query level being edited, drawn as the ER diagram draws them (boxes with
// their columns, crow's-foot lines for the foreign keys between them), so the joins read as a
// picture. Subqueries and CTEs have no box: the note says which sources are not drawn.
// Widgets: view "joinDiagramView", label "joinDiagramNote".
class JoinDiagram : public QWidget {
    Q_OBJECT
public:
    explicit JoinDiagram(QWidget *parent = nullptr);

    void setSnapshot(const model::SchemaSnapshot &snapshot);
    void setQuery(const model::query::Query &query);

    ErScene *scene() const { return m_scene; }
    bool isLayingOut() const { return m_pending != m_shown; }
    QString note() const;

signals:
    void laidOut();

protected:
    void resizeEvent(QResizeEvent *event) override;
    // Laid out while its tab was hidden, it is fitted to the view once it shows.
    void showEvent(QShowEvent *event) override;

private:
    void relayout();
    void fit();

    model::SchemaSnapshot m_snapshot;
    model::RelationshipGraph m_graph;
    QList<model::TableRef> m_tables;
    QStringList m_notDrawn;
    ErScene *m_scene;
    QGraphicsView *m_view;
    QLabel *m_note;
    quint64 m_pending = 0;
    quint64 m_shown = 0;
};

} // namespace dbx::ui
