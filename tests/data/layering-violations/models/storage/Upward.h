// A storage header that reaches up into the session layer: the layering check must refuse it.
#pragma once
#include "core/Clock.h"
#include "session/ProfileWorkspace.h"
