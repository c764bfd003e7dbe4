#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/relations/erlayout.h"
#include "model/relations/relationshipgraph.h"

#include <QWidget>

class QComboBox;
class QGraphicsItem;
class QGraphicsView;
class QLabel;
class QSpinBox;

namespace dbx::ui {

class ErScene;

// The ER diagram: the whole schema or one table's neighbourhood as boxes and crow's-foot lines,
// laid out by Graphviz on a worker thread (only the newest layout is shown), with zoom, pan,
// fit, and export to PNG and SVG. Clicking a table asks for its grid; clicking a line tells
// what the relationship is.
class ErDiagramPanel : public QWidget {
    Q_OBJECT
public:
    explicit ErDiagramPanel(QWidget *parent = nullptr);

    // A new catalog: the scope is kept where it still makes sense, and the diagram laid out anew.
    void setSnapshot(const model::SchemaSnapshot &snapshot);
    void showWholeSchema();
    void showNeighbourhood(const QString &schema, const QString &table, int depth);

    ErScene *scene() const { return m_scene; }
    QGraphicsView *view() const;
    bool isLayingOut() const { return m_pending != m_shown; }
    QString statusText() const;

    bool exportPng(const QString &fileName);
    bool exportSvg(const QString &fileName);

public slots:
    void zoomIn();
    void zoomOut();
    void fit();

signals:
    void tableActivated(const QString &schema, const QString &table);
    // The newest layout is on screen (tests and exports wait for it).
    void layoutFinished();

private:
    void buildToolbar();
    void fillSchemas();
    void fillTables();
    void relayout();
    void applyLayout(quint64 generation, const model::ErLayout &layout);
    void itemClicked(QGraphicsItem *item);
    void zoomBy(double factor);
    void chooseExport(bool svg);
    void setStatus(const QString &text, bool error = false);
    QList<model::TableRef> scopeTables() const;

    model::SchemaSnapshot m_snapshot;
    model::RelationshipGraph m_graph;
    ErScene *m_scene;
    QGraphicsView *m_view;
    QComboBox *m_scope;
    QComboBox *m_schema; // which schema "Whole schema" means, when there are several
    QComboBox *m_table;
    QSpinBox *m_depth;
    QLabel *m_status;
    quint64 m_pending = 0; // generation of the newest layout asked for
    quint64 m_shown = 0;   // generation on screen
};

} // namespace dbx::ui
