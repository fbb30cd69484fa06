#include "views/map/ResultsMap.h"

#include "views/map/MapView.h"

#include <QLabel>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

ResultsMap::ResultsMap(QWidget* parent)
    : QWidget(parent)
    , m_map(new MapView(this))
    , m_note(new QLabel(this))
{
    m_note->setObjectName(u"mapNote"_s);
    m_note->setWordWrap(true);
    m_note->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_map, 1);
    layout->addWidget(m_note);
    connect(m_map, &MapView::hiddenSummaryChanged, this, [this](const QString& summary) {
        m_note->setText(summary);
        m_note->setVisible(!summary.isEmpty());
    });
}

} // namespace htmse
