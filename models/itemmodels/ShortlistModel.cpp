#include "itemmodels/ShortlistModel.h"

#include "session/ProfileWorkspace.h"

namespace htmse {

using namespace Qt::StringLiterals;

ShortlistModel::ShortlistModel(QObject* parent)
    : QAbstractListModel(parent)
{}

int ShortlistModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant ShortlistModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ShortlistEntry& e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return tr("%1 — %2").arg(e.professional.displayName, Shortlist::place(e.professional));
    case Qt::ToolTipRole:
    case WhyRole:
        return e.why;
    case Qt::AccessibleTextRole:
        return e.professional.displayName;
    case IdRole:
        return e.professional.id;
    case PlaceRole:
        return Shortlist::place(e.professional);
    default:
        return {};
    }
}

QHash<int, QByteArray> ShortlistModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(WhyRole, "why");
    names.insert(PlaceRole, "place");
    return names;
}

void ShortlistModel::setWorkspace(ProfileWorkspace* workspace)
{
    if (m_workspace)
        disconnect(m_workspace, nullptr, this, nullptr);
    m_workspace = workspace;
    if (workspace)
        connect(workspace, &ProfileWorkspace::closing, this, [this] { setWorkspace(nullptr); });
    clear();
}

bool ShortlistModel::add(const QUuid& id, const QString& why)
{
    if (!m_workspace || !m_workspace->isOpen() || contains(id))
        return false;
    auto professional = m_workspace->directory().professional(id);
    if (!professional)
        return false;
    const QString organisation = professional->organisationId.isNull()
                                     ? QString()
                                     : m_workspace->directory().organisationNames().value(professional->organisationId);
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.append({std::move(*professional), organisation, why});
    endInsertRows();
    return true;
}

bool ShortlistModel::removeAt(int row)
{
    if (row < 0 || row >= m_entries.size())
        return false;
    beginRemoveRows({}, row, row);
    m_entries.removeAt(row);
    endRemoveRows();
    return true;
}

bool ShortlistModel::moveBy(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= m_entries.size() || to < 0 || to >= m_entries.size() || delta == 0)
        return false;
    // beginMoveRows names the row the moved one lands before, in the old numbering.
    if (!beginMoveRows({}, row, row, {}, delta > 0 ? to + 1 : to))
        return false;
    m_entries.move(row, to);
    endMoveRows();
    return true;
}

bool ShortlistModel::contains(const QUuid& id) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&id](const ShortlistEntry& e) { return e.professional.id == id; });
}

void ShortlistModel::clear()
{
    if (m_entries.isEmpty())
        return;
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

bool ShortlistModel::releaseExport(QSaveFile& file, const QString& format, QString* error)
{
    if (!m_workspace || !m_workspace->isOpen()) {
        file.cancelWriting();
        file.commit(); // discards the temporary file
        if (error)
            *error = tr("the profile is locked");
        return false;
    }
    return m_workspace->releaseAudited(file, u"export"_s,
                                       u"shortlist as %1: %2 professionals"_s.arg(format).arg(m_entries.size()), error);
}

} // namespace htmse
