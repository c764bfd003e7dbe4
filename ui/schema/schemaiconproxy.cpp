#include "ui/schema/schemaiconproxy.h"

#include "model/catalog/schematreemodel.h"
#include "ui/common/icons.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace dbx::ui {

using Kind = model::SchemaTreeModel::NodeKind;

namespace {

QString iconName(Kind kind)
{
    switch (kind) {
    case Kind::Schema:
        return QStringLiteral("schema");
    case Kind::TablesFolder:
    case Kind::ViewsFolder:
    case Kind::EnumsFolder:
    case Kind::ColumnsFolder:
    case Kind::KeysFolder:
    case Kind::IndexesFolder:
    case Kind::ChecksFolder:
    case Kind::FunctionsFolder:
    case Kind::SequencesFolder:
        return QStringLiteral("folder");
    case Kind::Function:
        return QStringLiteral("function");
    case Kind::Sequence:
        return QStringLiteral("sequence");
    case Kind::Table:
        return QStringLiteral("table");
    case Kind::View:
        return QStringLiteral("view");
    case Kind::Enum:
        return QStringLiteral("enum");
    case Kind::EnumLabel:
        return QStringLiteral("label");
    case Kind::Column:
        return QStringLiteral("column");
    case Kind::PrimaryKeyColumn:
    case Kind::PrimaryKey:
        return QStringLiteral("key");
    case Kind::ForeignKeyColumn:
    case Kind::ForeignKey:
        return QStringLiteral("foreignkey");
    case Kind::Unique:
        return QStringLiteral("unique");
    case Kind::Index:
        return QStringLiteral("index");
    case Kind::Check:
        return QStringLiteral("check");
    }
    return {};
}

} // namespace

QVariant SchemaIconProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::ForegroundRole) {
        // The application's own bookkeeping is there to see, not to look for.
        if (QIdentityProxyModel::data(index, model::SchemaTreeModel::BookkeepingRole).toBool())
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return QIdentityProxyModel::data(index, role);
    }
    if (role != Qt::DecorationRole && role != Qt::FontRole)
        return QIdentityProxyModel::data(index, role);
    const QVariant kindValue = QIdentityProxyModel::data(index, model::SchemaTreeModel::KindRole);
    if (!kindValue.isValid())
        return {};
    const auto kind = static_cast<Kind>(kindValue.toInt());
    if (role == Qt::DecorationRole)
        return icon(iconName(kind));
    if (kind == Kind::Table || kind == Kind::View || kind == Kind::Schema) {
        QFont font;
        font.setBold(kind == Kind::Schema);
        return font;
    }
    return {};
}

} // namespace dbx::ui
