// ScriptBindings
