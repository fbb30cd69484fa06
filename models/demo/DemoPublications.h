// DemoPublications: the fictional news items and resources of the demo (resources/demo/
// publications.json): a first library mirroring the topics of HTMSE's training catalogue, each
// titled "Demo: …" and saying in its body that it is demonstration content. The demo server
// publishes them (htmse-server seed-publications); the screenshots show them.
#pragma once

#include <QJsonArray>

namespace htmse::DemoPublications {

// Each as a directory editor would send it (POST /api/v1/news, /api/v1/resources), with fixed
// ids so that publishing again updates instead of adding.
QJsonArray news();
QJsonArray resources();

} // namespace htmse::DemoPublications
