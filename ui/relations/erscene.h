#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/relations/erlayout.h"
#include "model/relations/relationshipgraph.h"

#include <QFont>
#include <QGraphicsPathItem>
#include <QGraphicsScene>

#include <functional>

namespace dbx::ui {

// A table's box in the diagram: a header with its name, one row per column with PK/FK marks
// and the type in grey. An association table also says which two tables it links.
class ErTableItem : public QGraphicsItem {
public:
    ErTableItem(const model::TableInfo &table, const QString &linkCaption, const QFont &font);

    const model::TableRef &table() const { return m_ref; }
    QString linkCaption() const { return m_caption; }
    bool isHighlighted() const { return m_highlighted; }
    void setHighlighted(bool on);
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The size the box needs for its text: measured before layout, so Graphviz leaves room.
    static QSizeF measure(const model::TableInfo &table, const QString &linkCaption,
                          const QFont &font);

private:
    model::TableInfo m_info;
    model::TableRef m_ref;
    QString m_caption;
    QFont m_font;
    QSizeF m_size;
    bool m_highlighted = false;
};

// A foreign key's line along the layout's spline, with crow's-foot ends: a crow's foot on the
// many side, a bar on the one side, and a circle there too when the key may be null. Lines
// that make up a many-to-many are drawn in their own colour.
class ErEdgeItem : public QGraphicsPathItem {
public:
    ErEdgeItem(const model::ErLayout::Edge &edge, bool optional, const QString &description);

    const model::Relationship &relationship() const { return m_edge.rel; }
    bool isManyToMany() const { return m_edge.manyToMany; }
    // What a person reads about the line: kind, columns, ON DELETE, the association.
    QString description() const { return m_description; }
    bool isHighlighted() const { return m_highlighted; }
    void setHighlighted(bool on);
    QPainterPath shape() const override;
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintEnd(QPainter *painter, const QPointF &tip, const QPointF &towards, bool many,
                  bool optional) const;

    model::ErLayout::Edge m_edge;
    bool m_optional;
    QString m_description;
    bool m_highlighted = false;
};

// The diagram's scene: builds table boxes and lines from a catalog snapshot and a finished
// layout. Knows nothing of views or threads; the panel decides what to show and when.
class ErScene : public QGraphicsScene {
    Q_OBJECT
public:
    explicit ErScene(QObject *parent = nullptr);

    // The boxes to lay out, sized for this scene's font.
    QList<model::ErLayout::Table> measure(const model::SchemaSnapshot &snapshot,
                                          const model::RelationshipGraph &graph,
                                          const QList<model::TableRef> &tables) const;
    void setDiagram(const model::SchemaSnapshot &snapshot, const model::RelationshipGraph &graph,
                    const model::ErLayout &layout);
    void clearDiagram();
    // Measures `tables`, lays them out with their lines on a thread of its own (Graphviz takes a
    // while on big schemas) and hands the layout to `done` in `context`'s thread, unless
    // `context` is gone by then. The caller decides whether the result is still wanted.
    void
    layOut(const model::SchemaSnapshot &snapshot, const model::RelationshipGraph &graph,
           const QList<model::TableRef> &tables, QObject *context,
           std::function<void(const model::ErLayout &)> done,
           model::ErLayout::Direction direction = model::ErLayout::Direction::LeftToRight) const;

    QList<ErTableItem *> tableItems() const { return m_tables; }
    QList<ErEdgeItem *> edgeItems() const { return m_edges; }
    ErTableItem *tableItem(const model::TableRef &table) const;
    // Emphasizes one line, or one table and its lines; nullptr clears.
    void highlight(QGraphicsItem *item);

    // "many-to-many: resumes ↔ vacancies" for an association table, empty otherwise.
    static QString linkCaption(const model::RelationshipGraph &graph, const model::TableRef &table);
    static QString describe(const model::ErLayout::Edge &edge,
                            const model::RelationshipGraph &graph);

private:
    QList<ErTableItem *> m_tables;
    QList<ErEdgeItem *> m_edges;
};

} // namespace dbx::ui
