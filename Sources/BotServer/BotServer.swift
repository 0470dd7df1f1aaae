// BotServer
